package io.financehub.governance;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.concurrent.atomic.AtomicBoolean;

/** Test bean standing in for a flow step whose downstream cause can be broken and fixed by the test. */
@ApplicationScoped
@Named("fragileService")
@RegisterForReflection
public class FragileService {

    private final AtomicBoolean broken = new AtomicBoolean(false);
    private final AtomicBoolean transientFailure = new AtomicBoolean(false);

    public void breakPermanently() {
        broken.set(true);
    }

    public void failTransiently() {
        transientFailure.set(true);
    }

    public void fix() {
        broken.set(false);
        transientFailure.set(false);
    }

    public String process(String body) throws java.io.IOException {
        if (transientFailure.get()) {
            throw new java.net.SocketTimeoutException("downstream did not answer within 1 s");
        }
        if (broken.get()) {
            throw new IllegalStateException("journal BNK9 does not exist for account DE89370400440532013000");
        }
        return body;
    }
}

package io.financehub.testing;

import io.financehub.sandbox.odoo.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks on the emulator's call journal that a hub never sent a write again while Odoo might still have been
 * executing it: after a write whose answer was lost (an injected fault, a request killed by the limit), the same
 * write (same model, method and identity) may come again only once {@code odoo.max-request-time} has passed since
 * the first was received, and never when the first was committed.
 */
public final class WriteJournal {

    /** The test profile's {@code odoo.max-request-time}. */
    public static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(6);

    private WriteJournal() {
    }

    /** Whether Odoo's answer to the call never reached the hub as a definite outcome. */
    public static boolean answerLost(RecordedCall call) {
        String outcome = call.outcome();
        return outcome.equals("killed_by_request_limit") || (outcome.startsWith("fault:") && !outcome.equals("fault:odoo_error")
                && !outcome.equals("fault:session_expired") && !outcome.startsWith("fault:latency"));
    }

    /**
     * The resends that broke the rule, described (empty when none): {@code identity} says which calls are "the same
     * write" (e.g. the statement's reference, the payment ids).
     */
    public static List<String> resendsWhileUnknown(List<RecordedCall> calls, Function<RecordedCall, String> identity) {
        List<String> broken = new ArrayList<>();
        for (RecordedCall lost : calls) {
            if (!lost.isWrite() || !answerLost(lost)) {
                continue;
            }
            String id = identity.apply(lost);
            for (RecordedCall again : calls) {
                if (again.index() == lost.index() || !again.isWrite() || !Objects.equals(again.model(), lost.model())
                        || !Objects.equals(again.method(), lost.method()) || !Objects.equals(identity.apply(again), id)
                        || again.received().isBefore(lost.received())) {
                    continue;
                }
                if (lost.committed()) {
                    broken.add(lost.model() + "." + lost.method() + " " + id + " was committed (" + lost.outcome()
                            + ") and sent again at call " + again.index());
                } else if (again.received().isBefore(lost.received().plus(MAX_REQUEST_TIME))) {
                    broken.add(lost.model() + "." + lost.method() + " " + id + " (" + lost.outcome() + ") was sent again "
                            + Duration.between(lost.received(), again.received()).toMillis() + " ms later, before Odoo's request"
                            + " limit had passed");
                }
            }
        }
        return broken;
    }
}

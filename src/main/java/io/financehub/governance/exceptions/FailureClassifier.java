package io.financehub.governance.exceptions;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeException;
import org.apache.camel.ExchangeProperty;

/**
 * Splits failures into retryable (transport, timeouts, Odoo 5xx: retried with back-off by the flow's
 * routeConfiguration) and permanent (bad data, validation, access: straight to the exception queue).
 * Exceptions that know their own nature expose {@code isRetryable()} (the Odoo connector's do).
 */
@ApplicationScoped
@Named("failureClassifier")
@RegisterForReflection
public class FailureClassifier {

    /** The route's failure: the one caught, or (in an {@code onWhen}, before Camel has moved it there) the one raised. */
    public boolean isRetryableFailure(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught, @ExchangeException Throwable failure) {
        return isRetryable(caught != null ? caught : failure);
    }

    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Boolean declared = declaredRetryable(t);
            if (declared != null) {
                return declared;
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                    || t instanceof java.net.ConnectException || t instanceof java.sql.SQLTransientException) {
                return true;
            }
            if (t instanceof IOException && !(t instanceof java.io.FileNotFoundException)) {
                return true;
            }
        }
        return false;
    }

    private static Boolean declaredRetryable(Throwable t) {
        try {
            Method m = t.getClass().getMethod("isRetryable");
            if (m.getReturnType() == boolean.class) {
                return (Boolean) m.invoke(t);
            }
        } catch (ReflectiveOperationException e) {
            return null;
        }
        return null;
    }
}

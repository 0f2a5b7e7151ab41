package io.financehub.governance.masking;

/**
 * Stands in for a logged exception whose message (or a cause's) carries bank data or a secret: same class
 * name, masked message, same stack trace, masked causes.
 */
final class MaskedThrowable extends Throwable {

    private final String originalClass;

    private MaskedThrowable(String originalClass, String maskedMessage, Throwable cause, StackTraceElement[] stack) {
        super(maskedMessage, cause, false, false);
        this.originalClass = originalClass;
        setStackTrace(stack);
    }

    static Throwable of(Throwable thrown, Masking masking) {
        if (!needsMasking(thrown, masking, 0)) {
            return thrown;
        }
        return copy(thrown, masking, 0);
    }

    private static boolean needsMasking(Throwable t, Masking masking, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String message = t.getMessage();
        if (message != null && !message.equals(masking.mask(message))) {
            return true;
        }
        return needsMasking(t.getCause(), masking, depth + 1);
    }

    private static Throwable copy(Throwable t, Masking masking, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        return new MaskedThrowable(t.getClass().getName(), masking.mask(t.getMessage()),
                copy(t.getCause(), masking, depth + 1), t.getStackTrace());
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message != null ? originalClass + ": " + message : originalClass;
    }
}

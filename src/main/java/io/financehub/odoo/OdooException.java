package io.financehub.odoo;

import java.util.Optional;

/**
 * Base of every failure of a call to Odoo, so that routes can branch on the subtype (Camel {@code onException})
 * and on {@link #isRetryable()}.
 *
 * <p>Messages carry the model, the method and Odoo's own explanation, never credentials nor call arguments
 * (arguments may hold bank account numbers); account-number-like tokens in Odoo's text are masked.
 */
public abstract class OdooException extends RuntimeException {

    private final String model;
    private final String method;
    private final String odooErrorName;
    private final String detail;

    protected OdooException(String model, String method, String odooErrorName, String message, Throwable cause) {
        super(describe(model, method, odooErrorName, message), cause);
        this.model = model;
        this.method = method;
        this.odooErrorName = odooErrorName;
        this.detail = message;
    }

    /** The explanation without the "Odoo model.method failed" prefix, as the exception was created with. */
    protected String rawMessage() {
        return detail;
    }

    private static String describe(String model, String method, String name, String message) {
        StringBuilder text = new StringBuilder("Odoo ");
        text.append(model == null ? "" : model + ".").append(method == null ? "call" : method).append(" failed");
        if (name != null && !name.isBlank()) {
            text.append(" (").append(name).append(')');
        }
        text.append(": ").append(OdooMessages.mask(message));
        return text.toString();
    }

    /** True when the same call may simply be sent again (transport failures, 5xx, timeouts of read-only calls). */
    public abstract boolean isRetryable();

    /** The Odoo model called, or empty for service calls such as {@code common.authenticate}. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    public String method() {
        return method;
    }

    /** Odoo's exception class ({@code data.name} in JSON-RPC, {@code name} in JSON-2), when Odoo answered one. */
    public Optional<String> odooErrorName() {
        return Optional.ofNullable(odooErrorName);
    }
}

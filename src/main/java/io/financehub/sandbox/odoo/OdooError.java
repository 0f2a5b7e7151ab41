package io.financehub.sandbox.odoo;

/**
 * An error raised inside the emulated Odoo server, carrying the Python exception name that real Odoo
 * puts into {@code error.data.name} (JSON-RPC) or {@code name} (JSON-2).
 */
public final class OdooError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String USER_ERROR = "odoo.exceptions.UserError";
    public static final String VALIDATION_ERROR = "odoo.exceptions.ValidationError";
    public static final String ACCESS_ERROR = "odoo.exceptions.AccessError";
    public static final String ACCESS_DENIED = "odoo.exceptions.AccessDenied";
    public static final String MISSING_ERROR = "odoo.exceptions.MissingError";
    public static final String VALUE_ERROR = "builtins.ValueError";
    public static final String TYPE_ERROR = "builtins.TypeError";
    public static final String KEY_ERROR = "builtins.KeyError";
    public static final String ATTRIBUTE_ERROR = "builtins.AttributeError";
    public static final String OPERATIONAL_ERROR = "psycopg2.OperationalError";
    public static final String SESSION_EXPIRED = "odoo.http.SessionExpiredException";

    private final String name;
    private final int jsonRpcCode;

    public OdooError(String name, String message) {
        this(name, message, 200);
    }

    public OdooError(String name, String message, int jsonRpcCode) {
        super(message);
        this.name = name;
        this.jsonRpcCode = jsonRpcCode;
    }

    /** Python class path of the exception, e.g. {@code odoo.exceptions.ValidationError}. */
    public String name() {
        return name;
    }

    /** The {@code error.code} of the JSON-RPC envelope: 200 in general, 100 for an expired session. */
    public int jsonRpcCode() {
        return jsonRpcCode;
    }

    static OdooError user(String message) {
        return new OdooError(USER_ERROR, message);
    }

    static OdooError validation(String message) {
        return new OdooError(VALIDATION_ERROR, message);
    }

    static OdooError value(String message) {
        return new OdooError(VALUE_ERROR, message);
    }

    static OdooError missing(String model, java.util.Collection<Long> ids, long uid) {
        return new OdooError(MISSING_ERROR, "Record does not exist or has been deleted.\n(Record: "
                + Schema.recordsetRepr(model, ids) + ", User: " + uid + ")");
    }
}

package io.financehub.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Maps Odoo's error answers to the typed exceptions: JSON-RPC by {@code error.code} and {@code error.data.name},
 * JSON-2 by the body's {@code name} and, failing that, the HTTP status. The mapping follows the recorded answers of
 * Odoo 16-18 and Odoo 19's documented JSON-2 statuses.
 */
final class OdooErrors {

    static final int JSONRPC_SESSION_EXPIRED = 100;

    private OdooErrors() {
    }

    /** A JSON-RPC {@code error} object (HTTP 200). */
    static OdooException fromJsonRpc(OdooCall call, JsonNode error) {
        int code = error.path("code").asInt(0);
        JsonNode data = error.path("data");
        String name = data.path("name").asText(null);
        String message = data.path("message").asText(error.path("message").asText("Odoo error"));
        if (code == JSONRPC_SESSION_EXPIRED || "odoo.http.SessionExpiredException".equals(name)) {
            return new OdooSessionExpiredException(call.model(), call.method(), name,
                    "the Odoo session expired: " + message);
        }
        OdooException byName = byName(call, name, message);
        if (byName != null) {
            return byName;
        }
        if (code == 404) {
            return new OdooValidationException(call.model(), call.method(), name, "not found: " + message);
        }
        return new OdooServerException(call.model(), call.method(), name, message);
    }

    /** A JSON-2 answer with a status other than 200. */
    static OdooException fromJson2(OdooCall call, int status, JsonNode body, String rawText) {
        String name = body == null ? null : body.path("name").asText(null);
        String message = body == null ? shortText(rawText) : body.path("message").asText(shortText(rawText));
        if (status == 502 || status == 503 || status == 504 || (status >= 300 && status < 400)) {
            return fromStatusOnly(call, status, rawText); // proxies, and Odoo 18's redirect of /json/ to its login
        }
        OdooException byName = byName(call, name, message);
        if (byName != null) {
            return byName;
        }
        switch (status) {
            case 401:
                return new OdooAuthenticationException(call.model(), call.method(), name,
                        "Odoo refused the API key (HTTP 401): " + message + "; check odoo.api-key (JSON-2 needs an"
                                + " API key, not a password)");
            case 403:
                return new OdooAccessException(call.model(), call.method(), name, "HTTP 403: " + message);
            case 404:
                return body == null
                        ? fromStatusOnly(call, status, rawText)
                        : new OdooValidationException(call.model(), call.method(), name,
                                "HTTP 404, unknown model or method on this Odoo: " + message);
            case 400:
            case 422:
                return new OdooValidationException(call.model(), call.method(), name,
                        "HTTP " + status + ", Odoo rejected the arguments: " + message);
            case 429:
                return new OdooTransientException(call.model(), call.method(), name, "HTTP 429, rate limited: " + message);
            default:
                if (status >= 500 && body == null) {
                    return fromStatusOnly(call, status, rawText);
                }
                return new OdooServerException(call.model(), call.method(), name, "HTTP " + status + ": " + message);
        }
    }

    /**
     * An HTTP status that is an error by itself, whatever the body: proxies' 502/503/504 and any other 5xx without
     * an Odoo error body are transient for reads and ambiguous for calls that may write; the HTML 400/404 answers
     * of a wrong URL or a non-Odoo server are not transient.
     */
    static OdooException fromStatusOnly(OdooCall call, int status, String rawText) {
        if (status >= 500 && !call.readOnly()) {
            // a proxy's 502/503/504 or a bare 5xx says nothing of the call: Odoo may have it and still commit it
            return new OdooAmbiguousWriteException(call.model(), call.method(), "HTTP " + status + " from Odoo or a proxy in"
                    + " front of it, without Odoo's answer" + snippet(rawText) + ": Odoo may still commit the call", null);
        }
        if (status >= 500) {
            return new OdooTransientException(call.model(), call.method(), null,
                    "HTTP " + status + " from Odoo or a proxy in front of it" + snippet(rawText));
        }
        if (status == 404) {
            return new OdooServerException(call.model(), call.method(), null,
                    "HTTP 404: no Odoo API at this address; check odoo.url and odoo.protocol" + snippet(rawText));
        }
        if (status >= 300 && status < 400) {
            return new OdooServerException(call.model(), call.method(), null, "HTTP " + status
                    + " redirect: this Odoo does not offer the API at this path; check odoo.url and odoo.protocol");
        }
        if (status >= 400) {
            return new OdooServerException(call.model(), call.method(), null,
                    "HTTP " + status + ": Odoo did not accept the request" + snippet(rawText));
        }
        return null;
    }

    private static OdooException byName(OdooCall call, String name, String message) {
        if (name == null) {
            return null;
        }
        String model = call.model();
        String method = call.method();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        switch (simple) {
            case "AccessDenied":
                return new OdooAuthenticationException(model, method, name, message);
            case "AccessError":
                return new OdooAccessException(model, method, name, message);
            case "MissingError":
                return new OdooMissingRecordException(model, method, name, message);
            case "UserError":
            case "ValidationError":
            case "RedirectWarning":
            case "except_orm":
            case "ValueError":
            case "TypeError":
            case "AttributeError":
            case "KeyError":
            case "IndexError":
            case "IntegrityError":
            case "UniqueViolation":
            case "CheckViolation":
            case "NotNullViolation":
            case "ForeignKeyViolation":
            case "UnprocessableEntity":
            case "BadRequest":
            case "NotFound":
                return new OdooValidationException(model, method, name, message);
            case "SessionExpiredException":
                return new OdooSessionExpiredException(model, method, name, message);
            case "SerializationFailure":
            case "LockNotAvailable":
            case "DeadlockDetected":
            case "ServiceUnavailable":
            case "InterfaceError":
                return new OdooTransientException(model, method, name, message);
            case "OperationalError":
                // psycopg2.OperationalError: a lost database connection passes, an unknown database does not
                if (message != null && message.toLowerCase(Locale.ROOT).contains("does not exist")) {
                    return new OdooServerException(model, method, name,
                            message.trim() + "; check odoo.database");
                }
                return new OdooTransientException(model, method, name, message);
            case "Unauthorized":
                return new OdooAuthenticationException(model, method, name, message);
            case "Forbidden":
                return new OdooAccessException(model, method, name, message);
            default:
                return null;
        }
    }

    /** A refusal that names a uniqueness conflict: the conflicting record may be an earlier send's own commit. */
    static boolean looksLikeDuplicate(OdooException refusal) {
        String text = refusal.getMessage().toLowerCase(Locale.ROOT);
        String name = refusal.odooErrorName().orElse("");
        return name.endsWith("UniqueViolation") || name.endsWith("IntegrityError") || text.contains("already exists")
                || text.contains("unique") || text.contains("duplicate key");
    }

    private static String snippet(String text) {
        String shortened = shortText(text);
        return shortened.isEmpty() ? "" : " (" + shortened + ")";
    }

    /** A one-line excerpt of an unexpected body, enough to recognise a proxy's or a web page's answer. */
    static String shortText(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}

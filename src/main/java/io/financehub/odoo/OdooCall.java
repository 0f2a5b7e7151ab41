package io.financehub.odoo;

/**
 * One logical call to Odoo as the fault-tolerance policy and the metrics see it.
 *
 * @param model the model, or {@code null} for service calls ({@code common.version}, {@code common.authenticate})
 * @param readOnly true when repeating the call cannot change data: a timeout is then plainly transient
 */
public record OdooCall(String model, String method, boolean readOnly) {

    /** Methods that never change data, so a lost answer can be asked again. */
    public static final java.util.Set<String> READ_ONLY_METHODS = java.util.Set.of("search", "search_read",
            "search_count", "read", "fields_get", "read_group", "formatted_read_group", "name_search", "name_get",
            "exists", "check_access_rights", "has_access", "has_group", "default_get", "web_search_read",
            "web_read", "context_get", "version", "authenticate", "login");

    public static OdooCall of(String model, String method) {
        return new OdooCall(model, method, READ_ONLY_METHODS.contains(method));
    }

    /** "model.method" or just the method for service calls; used in messages. */
    public String label() {
        return model == null ? method : model + "." + method;
    }
}

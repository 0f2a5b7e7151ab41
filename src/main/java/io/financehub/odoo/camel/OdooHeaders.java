package io.financehub.odoo.camel;

/** Message headers the {@code odoo:} component reads and writes. */
public final class OdooHeaders {

    /** In: the domain, as a {@code Domain}, a JSON string or a List in Odoo's prefix form. */
    public static final String DOMAIN = "OdooDomain";
    /** In: the Odoo context, as an {@code OdooContext} or a Map ({@code allowed_company_ids}, {@code lang}, ...). */
    public static final String CONTEXT = "OdooContext";
    /** In: fields to read, as a List or a comma-separated String; overrides the endpoint's {@code fields}. */
    public static final String FIELDS = "OdooFields";
    /**
     * In: record ids for {@code read}, {@code write}, {@code unlink} and record methods (a List, a single number, or
     * text of comma-separated whole numbers as a simple expression gives it).
     */
    public static final String IDS = "OdooIds";
    /** In: keyword arguments (a Map); over the endpoint's {@code kwargs.*} options, under the body's {@code kwargs}. */
    public static final String KWARGS = "OdooKwargs";
    /** In: overrides the endpoint's {@code limit}. */
    public static final String LIMIT = "OdooLimit";
    /** In: overrides the endpoint's {@code offset}. */
    public static final String OFFSET = "OdooOffset";
    /** In: overrides the endpoint's {@code order}. */
    public static final String ORDER = "OdooOrder";
    /** Out (with {@code rawResult=true}): Odoo's answer as a Jackson {@code JsonNode}. */
    public static final String RAW_RESULT = "OdooRawResult";
    /** Out: the model and method that were called. */
    public static final String MODEL = "OdooModel";
    public static final String METHOD = "OdooMethod";

    private OdooHeaders() {
    }
}

package io.financehub.odoo;

import java.net.URI;
import java.util.Map;

/**
 * Moves one HTTP exchange to an Odoo server. Implementations report failures as {@link OdooTransportException}
 * telling whether the request may have reached Odoo, because that decides between "retry" and "ambiguous write".
 */
public interface OdooTransport extends AutoCloseable {

    /** The server's base URL (scheme, host, port, optional path prefix). */
    URI baseUrl();

    /**
     * Sends a request and returns whatever HTTP answer came back, also 4xx/5xx.
     *
     * @param method {@code GET} or {@code POST}
     * @param path absolute path below the base URL, e.g. {@code /jsonrpc}
     * @param headers request headers (may hold credentials: implementations must never log them)
     * @param body the request body, or {@code null} for GET
     */
    Answer exchange(String method, String path, Map<String, String> headers, byte[] body) throws OdooTransportException;

    @Override
    void close();

    /** An HTTP answer. */
    record Answer(int status, String contentType, byte[] body) {
        public boolean isJson() {
            return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        }

        public String bodyText() {
            return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

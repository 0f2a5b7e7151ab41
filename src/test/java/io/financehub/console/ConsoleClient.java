package io.financehub.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console visitor over plain HTTP: signed in with HTTP Basic (as a script or the OIDC proxy's bearer would be), keeping
 * the console's cookies like a browser, and reading each page's CSRF token from its forms.
 */
final class ConsoleClient {

    /** A form's hidden field, or the login form's action URL. */
    private static final Pattern TOKEN = Pattern.compile("(?:name=\"csrf\" value=\"|j_security_check\\?csrf=)([A-Za-z0-9_-]+)\"");

    private final String user;
    private final String password;
    final Map<String, String> cookies = new HashMap<>();
    String token;

    ConsoleClient(String user, String password) {
        this.user = user;
        this.password = password;
    }

    static ConsoleClient anonymous() {
        return new ConsoleClient(null, null);
    }

    private RequestSpecification spec() {
        RequestSpecification spec = given().redirects().follow(false).cookies(cookies);
        return user == null ? spec : spec.auth().preemptive().basic(user, password);
    }

    /** GETs a page, keeps its cookies and its forms' CSRF token. */
    Response get(String path) {
        Response r = spec().get(path);
        cookies.putAll(r.getCookies());
        Matcher m = TOKEN.matcher(r.asString());
        if (m.find()) {
            token = m.group(1);
        }
        return r;
    }

    /** POSTs a form with the page's token (none when {@code withToken} is false). */
    Response post(String path, Map<String, String> form, boolean withToken) {
        Map<String, String> fields = new HashMap<>(form);
        if (withToken && token != null) {
            fields.put(Csrf.FIELD, token);
        }
        RequestSpecification spec = spec().contentType("application/x-www-form-urlencoded");
        if (!fields.isEmpty()) {
            spec = spec.formParams(fields);
        }
        Response r = spec.post(path);
        cookies.putAll(r.getCookies());
        return r;
    }
}

package io.financehub.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's CSRF tokens: a signed double-submit. Each browser gets a random value in an HttpOnly, SameSite=Strict
 * cookie ({@link #COOKIE}, path {@code /console}); every form carries {@code HMAC-SHA256(key, cookie value + user)}.
 * A POST is taken only with the token of its own cookie and its own user: another site can neither read the cookie nor
 * the page that holds the token, and a cookie planted from elsewhere does not match a token without the key.
 * The key is {@code hub.console.csrf-key}, or a random one per process (tokens then end with the process).
 */
@ApplicationScoped
public class Csrf {

    public static final String COOKIE = "fh-console-csrf";
    public static final String FIELD = "csrf";
    private static final int COOKIE_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    public Csrf(@ConfigProperty(name = "hub.console.csrf-key") Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            if (configured.get().length() < 32) {
                throw new IllegalArgumentException("hub.console.csrf-key must have at least 32 characters (it signs the console's"
                        + " CSRF tokens); leave it unset for a random key per process");
            }
            key = configured.get().getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            random.nextBytes(key);
        }
    }

    /** A new cookie value. */
    public String newCookieValue() {
        byte[] bytes = new byte[COOKIE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a cookie value is one this class could have made (43 base64url characters). */
    public static boolean wellFormed(String cookieValue) {
        return cookieValue != null && cookieValue.matches("[A-Za-z0-9_-]{43}");
    }

    /** The token of the forms of this cookie and user ({@code ""} before login). */
    public String token(String cookieValue, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(cookieValue.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code sent} is the token of this cookie and user (constant time). */
    public boolean matches(String cookieValue, String user, String sent) {
        if (!wellFormed(cookieValue) || sent == null || sent.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(cookieValue, user).getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }
}

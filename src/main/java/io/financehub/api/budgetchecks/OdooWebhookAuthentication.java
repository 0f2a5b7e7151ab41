package io.financehub.api.budgetchecks;

import io.financehub.api.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates Odoo's webhooks by the shared secret ({@code hub.security.webhook-secret}): as the last segment of the
 * URL ({@code /api/v1/webhooks/odoo/purchase-orders/<secret>}, the form Odoo's stock "Send Webhook Notification" can
 * carry: it sends no custom header), or in the {@value #HEADER} header on the path without it. A match gives the caller
 * the role {@code odoo-webhook} and nothing else; a wrong secret is refused (401). Only the webhook paths are looked at,
 * so the secret cannot open anything else. Compared in constant time, so response timing does not leak it; the log
 * filter masks the configured secret wherever it would appear (a logged path included).
 */
@ApplicationScoped
public class OdooWebhookAuthentication implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Hub-Webhook-Secret";
    static final String PATH_PREFIX = "/api/v1/webhooks/odoo/";
    /** The purchase-order webhook; a segment after it is the secret. */
    static final String PURCHASE_ORDERS = PATH_PREFIX + "purchase-orders";

    /** The secret's SHA-256: digests of equal length are compared, so not even the secret's length leaks. */
    private final Optional<byte[]> secret;

    public OdooWebhookAuthentication(@ConfigProperty(name = "hub.security.webhook-secret") Optional<String> secret) {
        this.secret = secret.filter(s -> !s.isBlank()).map(OdooWebhookAuthentication::digest);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String path = context.normalizedPath();
        if (!path.startsWith(PATH_PREFIX)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        String presented = path.startsWith(PURCHASE_ORDERS + "/") ? path.substring(PURCHASE_ORDERS.length() + 1) : context.request().getHeader(HEADER);
        if (presented == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        if (secret.isEmpty() || !MessageDigest.isEqual(secret.get(), digest(presented))) {
            return Uni.createFrom().failure(new AuthenticationFailedException("wrong webhook secret"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("odoo-webhook"))
                .addRole(Roles.ODOO_WEBHOOK).build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(Optional.empty());
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}

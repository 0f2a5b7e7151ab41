package io.financehub.flows.budgetchecks;

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
 * Authenticates Odoo's webhooks by the shared secret ({@code hub.security.webhook-secret}) in the
 * {@value #HEADER} header: a match gives the caller the role {@code odoo-webhook} and nothing else; a wrong
 * secret is refused (401). Only the webhook paths look at the header, so the secret cannot open anything
 * else. Compared in constant time, so response timing does not leak it.
 */
@ApplicationScoped
public class OdooWebhookAuthentication implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Hub-Webhook-Secret";
    static final String PATH_PREFIX = "/api/v1/webhooks/odoo/";

    private final Optional<byte[]> secret;

    public OdooWebhookAuthentication(@ConfigProperty(name = "hub.security.webhook-secret") Optional<String> secret) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String presented = context.request().getHeader(HEADER);
        if (presented == null || !context.normalizedPath().startsWith(PATH_PREFIX)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        if (secret.isEmpty() || !MessageDigest.isEqual(secret.get(), presented.getBytes(StandardCharsets.UTF_8))) {
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

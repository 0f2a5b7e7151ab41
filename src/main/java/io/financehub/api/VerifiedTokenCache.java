package io.financehub.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens (OIDC/JWT) verified once, not on every call: an integration calls with the same token for
 * minutes, and verifying it (Base64, JSON parsing and the RSA signature, every time) was most of the garbage and
 * a third of the event loop's work per API call. A token is looked up by its exact text, signature included, so
 * only the very token that passed verification is answered from the cache; a token that fails is never kept and
 * fails every time.
 *
 * <p>An entry lives at most {@code hub.security.token-cache.ttl} (default 1 minute; {@code PT0S} turns the cache
 * off) and never past the token's own {@code exp}. A token signed with a key the issuer has since withdrawn from
 * its key set is accepted until smallrye-jwt's own key-set cache refreshes, and for at most the ttl after that. At most {@code hub.security.token-cache.max-size}
 * tokens are kept. Everything else is smallrye-jwt's: this provider asks the same {@link JWTParser} (issuer,
 * keys, clock skew, required claims) and builds the same identity (principal, roles from {@code groups}) as
 * Quarkus' own validator, which it comes before.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private final JWTParser parser;
    private final Cache<String, JsonWebToken> verified;
    private final boolean blocking;

    @Inject
    public VerifiedTokenCache(JWTParser parser, @ConfigProperty(name = "hub.security.token-cache.ttl", defaultValue = "PT1M") Duration ttl,
            @ConfigProperty(name = "hub.security.token-cache.max-size", defaultValue = "10000") long maxSize,
            @ConfigProperty(name = "quarkus.smallrye-jwt.blocking-authentication", defaultValue = "false") boolean blocking) {
        this(parser, ttl, maxSize, blocking, Ticker.systemTicker());
    }

    /** @param ticker the cache's clock (tests move it) */
    VerifiedTokenCache(JWTParser parser, Duration ttl, long maxSize, boolean blocking, Ticker ticker) {
        this.parser = parser;
        this.blocking = blocking;
        this.verified = ttl.isZero() || ttl.isNegative() || maxSize <= 0 ? null
                : Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new UntilExpiry(ttl)).ticker(ticker).build();
    }

    /** Before Quarkus' validator of bearer tokens (default priority), which then never sees them. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 2;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        return blocking ? context.runBlocking(() -> identity(request)) : Uni.createFrom().item(() -> identity(request));
    }

    private SecurityIdentity identity(TokenAuthenticationRequest request) {
        String token = request.getToken().getToken();
        JsonWebToken jwt = verified == null ? null : verified.getIfPresent(token);
        if (jwt == null) {
            try {
                jwt = parser.parse(token);
            } catch (ParseException e) {
                throw new AuthenticationFailedException(e);
            }
            if (verified != null) {
                verified.put(token, jwt);
            }
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(jwt).addCredential(request.getToken())
                .addRoles(jwt.getGroups()).addAttribute("quarkus.user", jwt);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }

    /** Whether this very token is held as verified now (for tests and diagnostics). */
    boolean holds(String token) {
        return verified != null && verified.getIfPresent(token) != null;
    }

    /** Number of tokens held now (for tests and diagnostics). */
    long size() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** An entry lives the ttl, or until the token expires if that is sooner. */
    private record UntilExpiry(Duration ttl) implements Expiry<String, JsonWebToken> {

        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            long ttlNanos = ttl.toNanos();
            // smallrye-jwt requires exp by default; should a deployment turn that off, the ttl alone applies
            if (!(jwt.getClaim(Claims.exp.name()) instanceof Number exp)) {
                return ttlNanos;
            }
            long expires = exp.longValue();
            long leftNanos = TimeUnit.MILLISECONDS.toNanos(expires * 1000 - System.currentTimeMillis());
            return Math.max(0, Math.min(ttlNanos, leftNanos));
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

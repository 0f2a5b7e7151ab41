package io.financehub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.financehub.testing.JwtTestResource;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The verified bearer token cache, against smallrye-jwt's real parser (the suite's issuer key): what it keeps,
 * for how long, and that it never answers for a token that was not itself verified.
 */
class VerifiedTokenCacheTest {

    /** smallrye-jwt's parser, counting the verifications it did. */
    static class CountingParser extends DefaultJWTParser {
        int verifications;

        CountingParser() {
            super(new JWTAuthContextInfo(JwtTestResource.publicKey(), JwtTestResource.ISSUER));
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications++;
            return super.parse(token);
        }
    }

    final CountingParser parser = new CountingParser();
    final AtomicLong clock = new AtomicLong();
    static final AuthenticationRequestContext INLINE = work -> Uni.createFrom().item(work);

    VerifiedTokenCache cache(Duration ttl, long maxSize) {
        return new VerifiedTokenCache(parser, ttl, maxSize, false, clock::get);
    }

    static SecurityIdentity authenticate(VerifiedTokenCache cache, String token) {
        return cache.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), INLINE).await().indefinitely();
    }

    static String token(Instant expires) {
        return JwtTestResource.token("erp-connector", Set.of("integration"), JwtTestResource.ISSUER, expires, JwtTestResource.trustedKey());
    }

    @Test
    void aTokenIsVerifiedOnceAndItsCallsKeepTheirIdentityAndRoles() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 100);
        String token = token(Instant.now().plus(Duration.ofHours(1)));
        SecurityIdentity first = null;
        for (int i = 0; i < 3; i++) {
            JsonWebTokenCredential credential = new JsonWebTokenCredential(token);
            SecurityIdentity identity = cache.authenticate(new TokenAuthenticationRequest(credential), INLINE).await().indefinitely();
            assertEquals("erp-connector", identity.getPrincipal().getName());
            assertEquals(Set.of("integration"), identity.getRoles());
            assertTrue(identity.getCredentials().contains(credential), "each call's identity carries its own request's credential");
            assertTrue(first == null || first != identity, "a new identity per call, never a cached one");
            first = identity;
        }
        assertEquals(1, parser.verifications);
    }

    @Test
    void aTokenIsVerifiedAgainOnceTheTtlHasPassed() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 100);
        String token = token(Instant.now().plus(Duration.ofHours(1)));
        authenticate(cache, token);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        authenticate(cache, token);
        assertEquals(1, parser.verifications);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        authenticate(cache, token);
        assertEquals(2, parser.verifications);
    }

    @Test
    void aTokenIsNeverAnsweredFromTheCachePastItsOwnExpiry() {
        VerifiedTokenCache cache = cache(Duration.ofHours(1), 100);
        String token = token(Instant.now().plus(Duration.ofSeconds(30)));
        authenticate(cache, token);
        clock.addAndGet(Duration.ofSeconds(28).toNanos());
        assertTrue(cache.holds(token), "kept while the token is valid");
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        assertEquals(0, cache.size(), "the entry ends with the token's exp, not the hour's ttl");
        authenticate(cache, token); // the cache's clock moved, the token's did not: the parser verifies it again
        assertEquals(2, parser.verifications);
    }

    @Test
    void aRefusedTokenIsNeverKeptAndAForgedCopyOfACachedTokenIsRefused() {
        VerifiedTokenCache cache = cache(Duration.ofMinutes(1), 100);
        Instant expires = Instant.now().plus(Duration.ofHours(1));
        authenticate(cache, token(expires));
        String forged = JwtTestResource.token("erp-connector", Set.of("integration"), JwtTestResource.ISSUER, expires,
                JwtTestResource.foreignKey());
        for (int i = 0; i < 2; i++) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate(cache, forged));
        }
        assertEquals(3, parser.verifications);
        assertEquals(1, cache.size());
    }

    @Test
    void theCacheHoldsAtMostMaxSizeTokensAndAZeroTtlTurnsItOff() {
        VerifiedTokenCache bounded = cache(Duration.ofMinutes(1), 2);
        for (int i = 0; i < 5; i++) {
            authenticate(bounded, token(Instant.now().plus(Duration.ofMinutes(30 + i))));
        }
        assertEquals(2, bounded.size());

        VerifiedTokenCache off = cache(Duration.ZERO, 100);
        parser.verifications = 0;
        String token = token(Instant.now().plus(Duration.ofHours(1)));
        authenticate(off, token);
        authenticate(off, token);
        assertEquals(2, parser.verifications);
    }
}

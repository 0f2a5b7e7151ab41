package io.financehub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The production way API callers authenticate: bearer tokens (JWT) of an OIDC issuer, verified with its public
 * key, roles from the {@code groups} claim. The test suite is that issuer: a key pair made once per JVM, the
 * public key and issuer handed to the hub as {@code mp.jwt.verify.*} (as a deployment configures them), tokens
 * signed with the private key by {@link #token}.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://login.test.financehub.invalid/realms/finance";

    private static final KeyPair KEYS = keyPair();

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                "mp.jwt.verify.issuer", ISSUER);
    }

    @Override
    public void stop() {
        // nothing runs
    }

    /** A token of the test issuer for a caller with these roles, valid for an hour. */
    public static String token(String subject, Set<String> roles) {
        return token(subject, roles, ISSUER, Instant.now().plus(Duration.ofHours(1)), KEYS.getPrivate());
    }

    /** A token as any issuer could make it: the tests of refused tokens choose what is wrong with it. */
    public static String token(String subject, Set<String> roles, String issuer, Instant expiresAt, PrivateKey signedWith) {
        return Jwt.issuer(issuer).subject(subject).upn(subject).groups(roles).issuedAt(expiresAt.minus(Duration.ofHours(1)))
                .expiresAt(expiresAt).sign(signedWith);
    }

    /** The issuer's public key, which the hub is configured with. */
    public static java.security.PublicKey publicKey() {
        return KEYS.getPublic();
    }

    /** The issuer's signing key, which the hub trusts. */
    public static PrivateKey trustedKey() {
        return KEYS.getPrivate();
    }

    /** A key the hub does not know (a token signed with it is forged). */
    public static PrivateKey foreignKey() {
        return keyPair().getPrivate();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

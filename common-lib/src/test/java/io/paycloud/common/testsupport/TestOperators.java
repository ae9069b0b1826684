package io.paycloud.common.testsupport;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.paycloud.common.identity.OperatorRole;

/**
 * A stand-in for the operators' OpenID Connect issuer: its own P-256 key, its JWK set (public half
 * only), and access tokens as the embedded issuer makes them ({@code iss}, {@code aud}, {@code sub},
 * {@code roles}, ten minutes), or changed by a test into what must be refused.
 */
public final class TestOperators {

    private final String issuer;
    private final String audience;
    private final ECKey key;

    public TestOperators(String issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
        try {
            this.key = new ECKeyGenerator(Curve.P_256).keyID("issuer-" + UUID.randomUUID()).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** {@code Authorization} value for {@code username} holding {@code roles}. */
    public String bearer(String username, OperatorRole... roles) {
        return bearer(c -> c.subject(username).claim("roles", OperatorRole.wire(List.of(roles))));
    }

    /** A valid operator token (admin) whose claims {@code change} then alters. */
    public String bearer(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("root")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("roles", List.of("admin"));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return "Bearer " + jwt.serialize();
    }

    /** The same claims with {@code alg: none} and no signature. */
    public String unsigned(String username, OperatorRole... roles) {
        String signed = bearer(username, roles).substring("Bearer ".length());
        String payload = signed.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        return "Bearer " + header + "." + payload + ".";
    }
}

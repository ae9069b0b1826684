package io.paycloud.common.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies the platform's internal identity tokens for one service with Spring Security's
 * {@link NimbusJwtDecoder}: ES256 only, {@code typ} JWT, the key chosen by {@code kid} among the keys
 * of the service named in {@code iss} (a key of one service never vouches for another), {@code aud}
 * exactly this service, {@code iat} and {@code exp} present, {@code exp} no more than 60 s after
 * {@code iat}, 30 s of clock skew. Callers reuse a token for half its lifetime, so tokens whose
 * signature held are remembered (bounded) and only their claims are checked again on each use.
 */
public final class PlatformJwtDecoder implements JwtDecoder {

    static final Duration SKEW = Duration.ofSeconds(30);

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final int maxEntries;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    public PlatformJwtDecoder(PlatformKeys keys, String audience, Clock clock) {
        this(keys, audience, clock, 10_000);
    }

    PlatformJwtDecoder(PlatformKeys keys, String audience, Clock clock, int maxEntries) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWTClaimsSetAwareJWSKeySelector((header, claimsSet, context) -> {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                return List.of();
            }
            return keys.keyOf(claimsSet.getIssuer(), header.getKeyID()).<List<java.security.Key>>map(List::of)
                    .orElse(List.of());
        });
        // Spring Security's validators below decide on the claims
        processor.setJWTClaimsSetVerifier((claimsSet, context) -> {
        });
        NimbusJwtDecoder nimbus = new NimbusJwtDecoder(processor);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(SKEW);
        timestamps.setClock(clock);
        this.claims = new DelegatingOAuth2TokenValidator<>(timestamps, new AudienceAndLifetime(audience, clock),
                jwt -> keys.services().contains(jwt.getClaimAsString("iss")) ? OAuth2TokenValidatorResult.success()
                        : invalid("unknown issuer"));
        nimbus.setJwtValidator(this.claims);
        this.verifier = nimbus;
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null || token.length() > 2048) {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("no usable token");
        }
        Jwt known = verified.get(token);
        if (known == null) {
            known = verifier.decode(token);
            remember(token, known);
            return known;
        }
        OAuth2TokenValidatorResult result = claims.validate(known);
        if (result.hasErrors()) {
            verified.remove(token);
            throw new JwtValidationException("token no longer valid", result.getErrors());
        }
        return known;
    }

    private void remember(String token, Jwt jwt) {
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(j -> claims.validate(j).hasErrors());
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(token, jwt);
    }

    int size() {
        return verified.size();
    }

    private static OAuth2TokenValidatorResult invalid(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
    }

    /** {@code aud} is exactly this service; {@code iat} and {@code exp} present and at most 60 s apart. */
    private record AudienceAndLifetime(String audience, Clock clock) implements OAuth2TokenValidator<Jwt> {

        @Override
        public OAuth2TokenValidatorResult validate(Jwt jwt) {
            List<String> aud = jwt.getAudience();
            if (aud == null || aud.size() != 1 || !audience.equals(aud.get(0))) {
                return invalid("token is not meant for " + audience);
            }
            Instant issued = jwt.getIssuedAt();
            Instant expires = jwt.getExpiresAt();
            if (issued == null || expires == null) {
                return invalid("iat and exp are required");
            }
            if (Duration.between(issued, expires).compareTo(TokenMinter.MAX_TTL) > 0 || expires.isBefore(issued)) {
                return invalid("token lifetime over " + TokenMinter.MAX_TTL.toSeconds() + " s");
            }
            if (issued.isAfter(clock.instant().plus(SKEW))) {
                return invalid("token issued in the future");
            }
            if (jwt.getSubject() == null || Identity.Role.ofClaim(jwt.getClaimAsString("role")) == null) {
                return invalid("sub and role are required");
            }
            return OAuth2TokenValidatorResult.success();
        }
    }
}

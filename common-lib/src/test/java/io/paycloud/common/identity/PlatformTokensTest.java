package io.paycloud.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

class PlatformTokensTest {

    private final MovingClock clock = new MovingClock(Instant.now());
    private final PlatformKeys keys = PlatformKeys.fromJwks(DevelopmentIdentityKeys.JWKS);
    private final PlatformJwtDecoder account = new PlatformJwtDecoder(keys, "account-service", clock, 50);

    private TokenMinter minter(String service) {
        return new TokenMinter(service, service, PlatformKeys.privateKey(DevelopmentIdentityKeys.PRIVATE_KEYS.get(service)),
                Duration.ofSeconds(60), clock, 50);
    }

    private String signed(String kid, String keyOf, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("gateway-service").subject("mer_01ABC")
                .audience("account-service").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .claim("role", "merchant");
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(new ECDSASigner(PlatformKeys.privateKey(DevelopmentIdentityKeys.PRIVATE_KEYS.get(keyOf))));
        return jwt.serialize();
    }

    @Test
    void aTokenForThisServiceFromItsIssuerIsAccepted() throws Exception {
        assertThat(account.decode(signed("gateway-service", "gateway-service", c -> { })).getSubject()).isEqualTo("mer_01ABC");
        assertThat(account.decode(minter("payment-service").forService("account-service")).getSubject())
                .isEqualTo("payment-service");
    }

    @Test
    void tokensForAnotherAudienceOrSeveralAudiencesAreRefused() {
        assertThatThrownBy(() -> account.decode(minter("payment-service").forService("risk-service"))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service",
                c -> c.audience(java.util.List.of("account-service", "risk-service"))))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service", c -> c.audience((String) null))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aLifetimeOverSixtySecondsOrWithoutIatIsRefused() {
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service",
                c -> c.expirationTime(Date.from(clock.instant().plusSeconds(61)))))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service",
                c -> c.expirationTime(Date.from(clock.instant().plus(Duration.ofDays(365 * 30))))))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service", c -> c.issueTime(null))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void expiredAndFutureTokensAreRefused() {
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service", c -> c
                .issueTime(Date.from(clock.instant().minusSeconds(200)))
                .expirationTime(Date.from(clock.instant().minusSeconds(140)))))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "gateway-service", c -> c
                .issueTime(Date.from(clock.instant().plusSeconds(120)))
                .expirationTime(Date.from(clock.instant().plusSeconds(150)))))).isInstanceOf(JwtException.class);
    }

    @Test
    void oneServicesKeyNeverVouchesForAnother() {
        // payment-service's key, claiming to be the gateway, under either kid
        assertThatThrownBy(() -> account.decode(signed("payment-service", "payment-service", c -> { })))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> account.decode(signed("gateway-service", "payment-service", c -> { })))
                .isInstanceOf(JwtException.class);
        // an unknown issuer with a kid it names itself
        assertThatThrownBy(() -> account.decode(signed("evil-service", "payment-service", c -> c.issuer("evil-service"))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void unsignedAndGarbageTokensAreRefused() {
        String none = new PlainJWT(new JWTClaimsSet.Builder().issuer("gateway-service").subject("mer_01ABC")
                .audience("account-service").issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 30_000))
                .claim("role", "merchant").build()).serialize();
        for (String token : new String[] {none, "garbage", "a.b.c", "", "x".repeat(5000)}) {
            assertThatThrownBy(() -> account.decode(token)).as(token).isInstanceOf(JwtException.class);
        }
        assertThat(account.size()).isZero();
    }

    @Test
    void aRememberedTokenStillExpires() {
        String token = minter("payment-service").forService("account-service");
        assertThat(account.decode(token).getSubject()).isEqualTo("payment-service");
        assertThat(account.decode(token).getSubject()).isEqualTo("payment-service");
        assertThat(account.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60 + 31));
        assertThatThrownBy(() -> account.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void theMinterReusesATokenForHalfItsLifetimePerAudienceAndStaysBounded() {
        TokenMinter gateway = minter("gateway-service");
        String first = gateway.token("mer_1", Identity.Role.MERCHANT, "account-service");
        assertThat(gateway.token("mer_1", Identity.Role.MERCHANT, "account-service")).isEqualTo(first);
        assertThat(gateway.token("mer_1", Identity.Role.MERCHANT, "payment-service")).isNotEqualTo(first);
        assertThat(gateway.token("mer_2", Identity.Role.MERCHANT, "account-service")).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        assertThat(gateway.token("mer_1", Identity.Role.MERCHANT, "account-service")).isNotEqualTo(first);
        for (int i = 0; i < 200; i++) {
            assertThat(account.decode(gateway.token("mer_" + i, Identity.Role.MERCHANT, "account-service"))).isNotNull();
            assertThat(gateway.size()).isLessThanOrEqualTo(50);
            assertThat(account.size()).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void aMinterRefusesALongLifetimeAndAKeyOfAnotherService() {
        assertThatThrownBy(() -> new TokenMinter("payment-service", "payment-service",
                PlatformKeys.privateKey(DevelopmentIdentityKeys.PRIVATE_KEYS.get("payment-service")), Duration.ofSeconds(61), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenMinter("payment-service", "gateway-service",
                PlatformKeys.privateKey(DevelopmentIdentityKeys.PRIVATE_KEYS.get("payment-service")), Duration.ofSeconds(60), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aJwkSetWithAPrivateKeyIsRefused() throws Exception {
        String withPrivate = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("payment-service")
                .generate().toJSONString();
        assertThatThrownBy(() -> PlatformKeys.fromJwks("{\"keys\":[" + withPrivate + "]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

package io.paycloud.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class TokenCachesTest {

    private final KeyPair gateway = pair();
    private final KeyPair other = pair();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-26T12:00:00Z"));

    @Test
    void aRememberedTokenStillExpires() {
        TokenVerifier verifier = new TokenVerifier(gateway.getPublic(), clock);
        String token = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                gateway.getPrivate(), clock);
        assertThat(verifier.verify(token)).map(Identity::subject).contains("mer_01ABC");
        assertThat(verifier.verify(token)).map(Identity::subject).contains("mer_01ABC");
        clock.advance(Duration.ofSeconds(60 + 31));
        assertThat(verifier.verify(token)).isEmpty();
    }

    @Test
    void onlyGoodSignaturesAreRemembered() {
        TokenVerifier verifier = new TokenVerifier(gateway.getPublic(), clock);
        String forged = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                other.getPrivate(), clock);
        assertThat(verifier.verify(forged)).isEmpty();
        assertThat(verifier.verify("garbage")).isEmpty();
        assertThat(verifier.verify(null)).isEmpty();
        assertThat(verifier.size()).isZero();
        String expired = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                gateway.getPrivate(), Clock.offset(clock, Duration.ofMinutes(-5)));
        assertThat(verifier.verify(expired)).isEmpty();
        assertThat(verifier.size()).isZero();
    }

    @Test
    void bothCachesStayBounded() {
        TokenVerifier verifier = new TokenVerifier(gateway.getPublic(), clock, 50);
        TokenIssuer issuer = new TokenIssuer(gateway.getPrivate(), Duration.ofSeconds(60), clock, 50);
        for (int i = 0; i < 200; i++) {
            assertThat(verifier.verify(issuer.tokenFor("mer_" + i, Identity.Role.MERCHANT))).isPresent();
            assertThat(verifier.size()).isLessThanOrEqualTo(50);
            assertThat(issuer.size()).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void theIssuerReusesATokenForHalfItsLifetimeAndPerCaller() {
        TokenIssuer issuer = new TokenIssuer(gateway.getPrivate(), Duration.ofSeconds(60), clock);
        String first = issuer.tokenFor("mer_A", Identity.Role.MERCHANT);
        assertThat(issuer.tokenFor("mer_A", Identity.Role.MERCHANT)).isEqualTo(first);
        assertThat(issuer.tokenFor("mer_B", Identity.Role.MERCHANT)).isNotEqualTo(first);
        assertThat(IdentityTokens.verify(issuer.tokenFor("mer_A", Identity.Role.OPS), gateway.getPublic(), clock))
                .map(Identity::role).contains(Identity.Role.OPS);
        clock.advance(Duration.ofSeconds(29));
        assertThat(issuer.tokenFor("mer_A", Identity.Role.MERCHANT)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(2));
        String renewed = issuer.tokenFor("mer_A", Identity.Role.MERCHANT);
        assertThat(renewed).isNotEqualTo(first);
        Identity identity = IdentityTokens.verify(renewed, gateway.getPublic(), clock).orElseThrow();
        assertThat(identity.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
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

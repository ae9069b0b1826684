package io.paycloud.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class IdentityTokensTest {

    private final KeyPair gateway = pair();
    private final KeyPair other = pair();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aSignedTokenVerifiesToItsIdentity() {
        String token = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                gateway.getPrivate(), clock);
        Identity id = IdentityTokens.verify(token, gateway.getPublic(), clock).orElseThrow();
        assertThat(id.subject()).isEqualTo("mer_01ABC");
        assertThat(id.role()).isEqualTo(Identity.Role.MERCHANT);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String token = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                other.getPrivate(), clock);
        assertThat(IdentityTokens.verify(token, gateway.getPublic(), clock)).isEmpty();
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                gateway.getPrivate(), clock);
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("v1|OPS|mer_01ABC|1795000000|1795000060".getBytes());
        String forged = forgedClaims + token.substring(token.indexOf('.'));
        assertThat(IdentityTokens.verify(forged, gateway.getPublic(), clock)).isEmpty();
        assertThat(IdentityTokens.verify("garbage", gateway.getPublic(), clock)).isEmpty();
        assertThat(IdentityTokens.verify(null, gateway.getPublic(), clock)).isEmpty();
        assertThat(IdentityTokens.verify("a.b.c", gateway.getPublic(), clock)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = IdentityTokens.issue("mer_01ABC", Identity.Role.MERCHANT, Duration.ofSeconds(60),
                gateway.getPrivate(), clock);
        Clock later = Clock.offset(clock, Duration.ofSeconds(60 + 31));
        assertThat(IdentityTokens.verify(token, gateway.getPublic(), later)).isEmpty();
        Clock withinSkew = Clock.offset(clock, Duration.ofSeconds(60 + 29));
        assertThat(IdentityTokens.verify(token, gateway.getPublic(), withinSkew)).isPresent();
    }

    @Test
    void developmentKeysArePairs() {
        String token = IdentityTokens.issue("x", Identity.Role.SERVICE, Duration.ofSeconds(60),
                IdentityTokens.privateKey((String) DevelopmentIdentityKeys.KEYS.get("paycloud.identity.service-private-key")), clock);
        assertThat(IdentityTokens.verify(token, IdentityTokens.publicKey(
                (String) DevelopmentIdentityKeys.KEYS.get("paycloud.identity.service-public-key")), clock)).isPresent();
        String gw = IdentityTokens.issue("x", Identity.Role.OPS, Duration.ofSeconds(60),
                IdentityTokens.privateKey((String) DevelopmentIdentityKeys.KEYS.get("paycloud.identity.gateway-private-key")), clock);
        assertThat(IdentityTokens.verify(gw, IdentityTokens.publicKey(
                (String) DevelopmentIdentityKeys.KEYS.get("paycloud.identity.gateway-public-key")), clock)).isPresent();
    }

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.paycloud.common.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys of the platform's identities. Services hold the two public keys (to verify the gateway's
 * and other services' tokens) and the service private key (to sign their own calls); only the
 * gateway holds the gateway private key. Outside the {@code embedded} and {@code test} profiles
 * every key must come from the environment ({@code PAYCLOUD_IDENTITY_*}).
 */
@ConfigurationProperties("paycloud.identity")
public record IdentityProperties(
        String gatewayPublicKey,
        String gatewayPrivateKey,
        String servicePublicKey,
        String servicePrivateKey,
        Duration tokenTtl) {

    public IdentityProperties {
        tokenTtl = tokenTtl == null ? Duration.ofSeconds(60) : tokenTtl;
    }
}

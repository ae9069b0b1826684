package io.paycloud.common.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's identity keys as this service holds them.
 *
 * @param jwks the public keys of every platform service, a JWK set ({@code PAYCLOUD_IDENTITY_JWKS})
 * @param privateKey this service's own private key, base64 PKCS#8 ({@code PAYCLOUD_IDENTITY_PRIVATE_KEY})
 * @param keyId the {@code kid} of that key; the service's name unless it is a versioned key
 * @param tokenTtl lifetime of the tokens this service signs, at most 60 s
 */
@ConfigurationProperties("paycloud.identity")
public record IdentityProperties(String jwks, String privateKey, String keyId, Duration tokenTtl) {

    public IdentityProperties {
        tokenTtl = tokenTtl == null ? TokenMinter.MAX_TTL : tokenTtl;
    }
}

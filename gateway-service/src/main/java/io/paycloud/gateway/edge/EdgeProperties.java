package io.paycloud.gateway.edge;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's edge settings.
 *
 * @param opsUsername ops login for the ops endpoints (Basic auth)
 * @param opsPassword its password; required from the environment outside the embedded profile
 * @param keyCacheTtl how long a resolved API key is trusted without asking account-service again;
 *        a revoked or rotated key stops working within this time
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param rateLimit the default per-merchant limit
 * @param merchantRateLimits limits for particular merchants, by merchant id
 */
@ConfigurationProperties("paycloud.edge")
public record EdgeProperties(
        String opsUsername,
        String opsPassword,
        Duration keyCacheTtl,
        long maxBodyBytes,
        Limit rateLimit,
        Map<String, Limit> merchantRateLimits) {

    /** A token bucket: {@code ratePerSecond} sustained, bursts up to {@code burst}. */
    public record Limit(int ratePerSecond, int burst) {
    }

    public EdgeProperties {
        keyCacheTtl = keyCacheTtl == null ? Duration.ofSeconds(30) : keyCacheTtl;
        maxBodyBytes = maxBodyBytes <= 0 ? 64 * 1024 : maxBodyBytes;
        rateLimit = rateLimit == null ? new Limit(100, 200) : rateLimit;
        merchantRateLimits = merchantRateLimits == null ? Map.of() : merchantRateLimits;
    }

    Limit limitFor(String merchantId) {
        return merchantRateLimits.getOrDefault(merchantId, rateLimit);
    }
}

package io.paycloud.gateway.edge;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's edge settings.
 *
 * @param keyCacheTtl how long a resolved API key is trusted without asking account-service again;
 *        a revoked or rotated key stops working within this time
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param rateLimit the default per-merchant limit
 * @param merchantRateLimits limits for particular merchants, by merchant id
 * @param monitoringUsername the credential of Prometheus and the admin console on the management port
 * @param monitoringPassword its password
 * @param throttle limits on failed authentication and on unauthenticated traffic per client address
 */
@ConfigurationProperties("paycloud.edge")
public record EdgeProperties(
        Duration keyCacheTtl,
        long maxBodyBytes,
        Limit rateLimit,
        Map<String, Limit> merchantRateLimits,
        String monitoringUsername,
        String monitoringPassword,
        Throttle throttle) {

    /**
     * After {@code failuresPerAddress} failed authentications from one client address, or
     * {@code failuresPerAccount} for one operator asking the issuer for a token (Basic client authentication), within {@code window}, that address or account
     * gets 429 until the window ends; one address may send at most {@code anonymousPerWindow}
     * requests without credentials per window.
     */
    public record Throttle(int failuresPerAddress, int failuresPerAccount, int anonymousPerWindow, Duration window) {

        public Throttle {
            failuresPerAddress = failuresPerAddress <= 0 ? 20 : failuresPerAddress;
            failuresPerAccount = failuresPerAccount <= 0 ? 10 : failuresPerAccount;
            anonymousPerWindow = anonymousPerWindow <= 0 ? 600 : anonymousPerWindow;
            window = window == null ? Duration.ofMinutes(1) : window;
        }
    }

    /** A token bucket: {@code ratePerSecond} sustained, bursts up to {@code burst}. */
    public record Limit(int ratePerSecond, int burst) {
    }

    public EdgeProperties {
        keyCacheTtl = keyCacheTtl == null ? Duration.ofSeconds(30) : keyCacheTtl;
        maxBodyBytes = maxBodyBytes <= 0 ? 64 * 1024 : maxBodyBytes;
        rateLimit = rateLimit == null ? new Limit(100, 200) : rateLimit;
        merchantRateLimits = merchantRateLimits == null ? Map.of() : merchantRateLimits;
        throttle = throttle == null ? new Throttle(0, 0, 0, null) : throttle;
    }

    Limit limitFor(String merchantId) {
        return merchantRateLimits.getOrDefault(merchantId, rateLimit);
    }
}

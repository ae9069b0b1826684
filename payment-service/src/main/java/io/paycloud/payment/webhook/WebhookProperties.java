package io.paycloud.payment.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowPrivateHosts whether endpoint URLs may point at loopback, private or link-local
 *        addresses; true only in the embedded and test profiles
 * @param allowPlainHttp whether endpoint URLs may be {@code http://}: deliveries carry payment data and
 *        are signed, not encrypted, so only {@code https://} (the receiver's certificate verified against
 *        the public CAs) outside the embedded and test profiles
 * @param connectTimeout and {@code requestTimeout}: a slow endpoint is a failed attempt, retried later
 */
@ConfigurationProperties("paycloud.webhooks")
public record WebhookProperties(boolean allowPrivateHosts, boolean allowPlainHttp, Duration connectTimeout, Duration requestTimeout) {

    public WebhookProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }
}

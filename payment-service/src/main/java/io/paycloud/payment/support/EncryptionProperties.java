package io.paycloud.payment.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * payment-service's key for what it keeps sealed at rest ({@code paycloud.encryption.*}): the webhook
 * endpoints' signing secrets and the answers stored for idempotent replays, one of which is the answer
 * that shows a new endpoint's secret.
 *
 * @param key base64 of the 32-byte AES-256 key. The embedded and test profiles carry a published
 *        development key; every other profile reads {@code PAYMENT_ENCRYPTION_KEY} from the environment
 *        and refuses the development key.
 */
@ConfigurationProperties("paycloud.encryption")
public record EncryptionProperties(String key) {
}

package io.paycloud.payment.webhook;

import org.springframework.stereotype.Component;

import io.paycloud.common.crypto.FieldCipher;

/**
 * The endpoints' signing secrets at rest: sealed with payment-service's {@link FieldCipher}
 * (AES-256-GCM under {@code PAYMENT_ENCRYPTION_KEY}), the endpoint id as associated data, so that a
 * read of the payments database does not let anyone sign a merchant's webhooks, and a sealed secret
 * copied onto another endpoint does not open. A secret is opened only to sign a delivery.
 */
@Component
class WebhookSecrets {

    private final FieldCipher cipher;
    private final WebhookRepository repository;

    WebhookSecrets(FieldCipher cipher, WebhookRepository repository) {
        this.cipher = cipher;
        this.repository = repository;
    }

    String seal(String endpointId, String secret) {
        return cipher.seal(secret, endpointId);
    }

    /**
     * The secret to sign with; fails if the row was sealed under another key or for another endpoint. A
     * secret stored plain (by a replica of the version before sealing, during a rolling upgrade, after the
     * migration {@code V6__SealSecretsAtRest} ran) is sealed now, and used.
     */
    String open(WebhookRepository.Endpoint endpoint) {
        String stored = endpoint.sealedSecret();
        if (!FieldCipher.isSealed(stored)) {
            repository.replaceSecret(endpoint.id(), stored, seal(endpoint.id(), stored));
            return stored;
        }
        return cipher.open(stored, endpoint.id());
    }
}

package io.paycloud.payment.webhook;

import java.util.List;

import org.springframework.stereotype.Component;

import io.paycloud.common.crypto.FieldCipher;
import io.paycloud.payment.support.SealingMigration;

/** Seals the signing secrets of endpoints created before secrets were sealed (V5 widened the column). */
@Component
class V6__SealWebhookSecrets extends SealingMigration {

    V6__SealWebhookSecrets(FieldCipher cipher) {
        super(cipher, "webhook_endpoint", "secret", "id");
    }

    /** The endpoint id, as {@link WebhookSecrets} seals. */
    @Override
    protected String associatedData(List<String> key) {
        return key.get(0);
    }
}

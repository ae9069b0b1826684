package io.paycloud.payment.idempotency;

import java.util.List;

import org.springframework.stereotype.Component;

import io.paycloud.common.crypto.FieldCipher;
import io.paycloud.payment.support.SealingMigration;

/** Seals the answers stored for replays before answers were sealed (V5 widened the column). */
@Component
class V7__SealIdempotencyAnswers extends SealingMigration {

    V7__SealIdempotencyAnswers(FieldCipher cipher) {
        super(cipher, "idempotency_record", "response_body", "merchant_id", "idempotency_key");
    }

    /** Scope and key, as {@link IdempotencyStore} seals. */
    @Override
    protected String associatedData(List<String> key) {
        return IdempotencyStore.associatedData(key.get(0), key.get(1));
    }
}

package io.paycloud.payment.refund;

import java.time.Instant;

import io.paycloud.common.money.TransferLeg;

/** A refund as stored; {@code pending} only while its ledger outcome is unknown. */
record Refund(String id, String paymentId, String merchantId, long amount, long feeReversed, String currency,
        String status, String reason, String failureCode, Instant createdAt) {

    String refundTransferId() {
        return TransferLeg.REFUND.of(id);
    }

    String feeReversalId() {
        return TransferLeg.FEE.of(id);
    }
}

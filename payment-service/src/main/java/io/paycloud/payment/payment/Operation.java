package io.paycloud.payment.payment;

import java.util.Locale;

/**
 * What a payment is doing, stored with it while it is {@code processing}: the janitor resumes the
 * operation named here, never one guessed from amounts or from a missing risk decision.
 */
enum Operation {
    /** risk-service judges the payment (confirm). */
    ASSESS,
    /** the hold on the payer's wallet, for a payment captured later. */
    AUTHORIZE,
    /** the hold, its capture and the fee as one linked ledger batch, for automatic capture. */
    PURCHASE,
    /** posts the hold for the requested amount with the fee; the rest is released. */
    CAPTURE,
    /** gives up the payment; releases the hold when there is one. */
    CANCEL,
    /** ops decline a payment that waits for review. */
    DECLINE;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Operation fromWire(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The ledger operation that follows an approval: a hold alone, or a hold captured at once. */
    static Operation authorizationFor(Payment p) {
        return p.terms().automaticCapture() ? PURCHASE : AUTHORIZE;
    }
}

package io.paycloud.risk.anomaly;

/** {@code counted}: whether the payment is part of the customer's history (completed payments only). */
record OutcomeResponse(String payment, String customer, long amount, String currency, String status, boolean counted,
        boolean replayed) {

    static OutcomeResponse of(OutcomeRequest o, boolean replayed) {
        return new OutcomeResponse(o.payment(), o.customer(), o.amount(), o.currency(), o.status(),
                OutcomeService.COUNTED_STATUS.equals(o.status()), replayed);
    }
}

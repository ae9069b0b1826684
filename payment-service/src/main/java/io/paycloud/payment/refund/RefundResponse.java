package io.paycloud.payment.refund;

/** The refund object of the API. */
public record RefundResponse(String id, String payment, long amount, String currency, String status, String reason,
        String failureCode, String createdAt) {

    static RefundResponse of(Refund r) {
        return new RefundResponse(r.id(), r.paymentId(), r.amount(), r.currency(), r.status(), r.reason(),
                r.failureCode(), r.createdAt().toString());
    }
}

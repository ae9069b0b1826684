package io.paycloud.payment.refund;

import io.swagger.v3.oas.annotations.media.Schema;

/** The refund object of the API. */
public record RefundResponse(@Schema(example = "re_01JD8Y2C7R5A0W1F8L3N6P2U9S") String id, String payment, long amount,
        String currency, @Schema(allowableValues = {"succeeded", "failed"}) String status,
        @Schema(nullable = true, description = "`requested_by_customer`, `duplicate` or `fraudulent`, when given.") String reason,
        @Schema(nullable = true) String failureCode, @Schema(format = "date-time") String createdAt) {

    static RefundResponse of(Refund r) {
        return new RefundResponse(r.id(), r.paymentId(), r.amount(), r.currency(), r.status(), r.reason(),
                r.failureCode(), r.createdAt().toString());
    }
}

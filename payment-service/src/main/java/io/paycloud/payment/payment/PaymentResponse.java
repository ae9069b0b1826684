package io.paycloud.payment.payment;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** The payment object of the API. */
public record PaymentResponse(
        @Schema(example = "pay_01JD8X3B6Q4Z9V0E7K2M5N1T8R") String id,
        @Schema(description = "In the currency's minor unit.", example = "2500") long amount,
        @Schema(example = "CNY") String currency,
        @Schema(description = "The paying customer.", example = "cus_01JD8WZ5M3K7Q2R9T4V6X8Y0A1") String customer,
        @Schema(allowableValues = {"requires_confirmation", "processing", "requires_review", "requires_capture",
                "succeeded", "failed", "canceled"}) String status,
        @Schema(allowableValues = {"automatic", "manual"}) String captureMethod,
        @Schema(description = "What a capture may still take (the hold).") long amountCapturable,
        long amountCaptured,
        long amountRefunded,
        @Schema(description = "The platform's fee, taken from the merchant's share.") long fee,
        @Schema(nullable = true) String description,
        Map<String, String> metadata,
        @Schema(nullable = true, description = "Why the payment failed: `insufficient_funds`, `risk_declined`, "
                + "`kyc_required`, `account_frozen`, `review_declined` or `expired`.") String failureCode,
        @Schema(nullable = true) String failureMessage,
        @Schema(nullable = true, description = "Risk's decision once the payment was confirmed: `approve`, `review` "
                + "or `decline`.") String riskDecision,
        @Schema(format = "date-time") String createdAt) {

    static PaymentResponse of(Payment p) {
        Payment.Terms t = p.terms();
        Payment.State s = p.state();
        return new PaymentResponse(t.id(), t.amount(), t.currency(), t.customerId(), s.status().wire(),
                t.captureMethod(), s.amountCapturable(), s.amountCaptured(), s.amountRefunded(), s.fee(),
                t.description(), t.metadata(), s.failureCode(), s.failureMessage(), s.riskDecision(),
                t.createdAt().toString());
    }
}

package io.paycloud.payment.payment;

import java.util.Map;

/** The payment object of the API. */
public record PaymentResponse(
        String id,
        long amount,
        String currency,
        String customer,
        String status,
        String captureMethod,
        long amountCapturable,
        long amountCaptured,
        long amountRefunded,
        long fee,
        String description,
        Map<String, String> metadata,
        String failureCode,
        String failureMessage,
        String riskDecision,
        String createdAt) {

    static PaymentResponse of(Payment p) {
        return new PaymentResponse(p.id(), p.amount(), p.currency(), p.customerId(), p.status().wire(),
                p.captureMethod(), p.amountCapturable(), p.amountCaptured(), p.amountRefunded(), p.fee(),
                p.description(), p.metadata(), p.failureCode(), p.failureMessage(), p.riskDecision(),
                p.createdAt().toString());
    }
}

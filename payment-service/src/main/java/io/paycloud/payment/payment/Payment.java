package io.paycloud.payment.payment;

import java.time.Instant;
import java.util.Map;

import io.paycloud.common.money.TransferLeg;

/**
 * A payment as stored: its {@link Terms}, fixed when it was created, and its {@link State}, which only
 * {@link PaymentRepository#transition} changes. This record never escapes the service.
 */
record Payment(Terms terms, State state) {

    /** What the merchant asked for and who pays whom: never changes after creation. */
    record Terms(
            String id,
            String merchantId,
            String customerId,
            String payerAccountId,
            String merchantAccountId,
            String feeAccountId,
            int feeBps,
            long amount,
            String currency,
            String captureMethod,
            String description,
            Map<String, String> metadata,
            String kycLevel,
            String customerEmail,
            String clientIp,
            String deviceId,
            Instant createdAt) {

        boolean automaticCapture() {
            return "automatic".equals(captureMethod);
        }
    }

    /**
     * Where the payment is. While it is {@code processing}, {@code operation} is what it is doing,
     * {@code operationFrom} the status that operation began in and {@code captureAmount} what a capture
     * asks for; all three are null once the payment rests.
     */
    record State(
            PaymentStatus status,
            Operation operation,
            PaymentStatus operationFrom,
            Long captureAmount,
            long amountCapturable,
            long amountCaptured,
            long amountRefunded,
            long fee,
            String failureCode,
            String failureMessage,
            String riskDecision,
            String riskAssessmentId,
            int version,
            Instant updatedAt) {

        static State initial(Instant now) {
            return new State(PaymentStatus.REQUIRES_CONFIRMATION, null, null, null, 0, 0, 0, 0, null, null, null,
                    null, 1, now);
        }

        /** In flight: {@code operation} began in {@code from}. */
        State inFlight(Operation op, PaymentStatus from, Long capture) {
            return new State(PaymentStatus.PROCESSING, op, from, capture, amountCapturable, amountCaptured,
                    amountRefunded, fee, failureCode, failureMessage, riskDecision, riskAssessmentId, version,
                    updatedAt);
        }

        /** At rest in {@code to}; back in requires_confirmation it carries no risk decision, the next confirm asks again. */
        State resting(PaymentStatus to) {
            boolean unjudged = to == PaymentStatus.REQUIRES_CONFIRMATION;
            return new State(to, null, null, null, amountCapturable, amountCaptured, amountRefunded, fee, failureCode,
                    failureMessage, unjudged ? null : riskDecision, unjudged ? null : riskAssessmentId, version,
                    updatedAt);
        }

        State judged(String decision, String assessmentId) {
            return new State(status, operation, operationFrom, captureAmount, amountCapturable, amountCaptured,
                    amountRefunded, fee, failureCode, failureMessage, decision, assessmentId, version, updatedAt);
        }

        State failed(String code, String message) {
            return new State(status, operation, operationFrom, captureAmount, 0, amountCaptured, amountRefunded, fee,
                    code, message, riskDecision, riskAssessmentId, version, updatedAt);
        }

        State capturable(long capturable) {
            return new State(status, operation, operationFrom, captureAmount, capturable, amountCaptured,
                    amountRefunded, fee, failureCode, failureMessage, riskDecision, riskAssessmentId, version,
                    updatedAt);
        }

        State captured(long captured, long feeCharged) {
            return new State(status, operation, operationFrom, captureAmount, 0, captured, amountRefunded, feeCharged,
                    failureCode, failureMessage, riskDecision, riskAssessmentId, version, updatedAt);
        }

        State saved(int newVersion, Instant now) {
            return new State(status, operation, operationFrom, captureAmount, amountCapturable, amountCaptured,
                    amountRefunded, fee, failureCode, failureMessage, riskDecision, riskAssessmentId, newVersion, now);
        }
    }

    Payment with(State next) {
        return new Payment(terms, next);
    }

    String id() {
        return terms.id();
    }

    String merchantId() {
        return terms.merchantId();
    }

    PaymentStatus status() {
        return state.status();
    }

    Operation operation() {
        return state.operation();
    }

    int version() {
        return state.version();
    }

    /** The deterministic ledger ids of this payment: a retry or the janitor always names the same transfer. */
    String holdId() {
        return TransferLeg.AUTHORIZATION.of(terms.id());
    }

    String captureId() {
        return TransferLeg.CAPTURE.of(terms.id());
    }

    String feeId() {
        return TransferLeg.FEE.of(terms.id());
    }

    String releaseId() {
        return TransferLeg.RELEASE.of(terms.id());
    }
}

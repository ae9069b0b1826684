package io.paycloud.payment.payment;

import java.time.Instant;
import java.util.Map;

import io.paycloud.common.money.TransferLeg;

/** A payment as stored. Changes go through {@link PaymentRepository#transition}; this record never escapes the service. */
record Payment(
        String id,
        String merchantId,
        String customerId,
        String payerAccountId,
        String merchantAccountId,
        String feeAccountId,
        int feeBps,
        long amount,
        String currency,
        PaymentStatus status,
        String captureMethod,
        long amountCapturable,
        long amountCaptured,
        long amountRefunded,
        long fee,
        Long captureAmount,
        String description,
        Map<String, String> metadata,
        String failureCode,
        String failureMessage,
        String riskDecision,
        String riskAssessmentId,
        String kycLevel,
        String customerEmail,
        String clientIp,
        String deviceId,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    /** The deterministic ledger ids of this payment: a retry or the janitor always names the same transfer. */
    String holdId() {
        return TransferLeg.AUTHORIZATION.of(id);
    }

    String captureId() {
        return TransferLeg.CAPTURE.of(id);
    }

    String feeId() {
        return TransferLeg.FEE.of(id);
    }

    String releaseId() {
        return TransferLeg.RELEASE.of(id);
    }

    boolean automaticCapture() {
        return "automatic".equals(captureMethod);
    }

    Payment withStatus(PaymentStatus s) {
        return new Payment(id, merchantId, customerId, payerAccountId, merchantAccountId, feeAccountId, feeBps, amount,
                currency, s, captureMethod, amountCapturable, amountCaptured, amountRefunded, fee, captureAmount,
                description, metadata, failureCode, failureMessage, riskDecision, riskAssessmentId, kycLevel,
                customerEmail, clientIp, deviceId, version, createdAt, updatedAt);
    }

    Payment withRisk(String decision, String assessmentId) {
        return new Payment(id, merchantId, customerId, payerAccountId, merchantAccountId, feeAccountId, feeBps, amount,
                currency, status, captureMethod, amountCapturable, amountCaptured, amountRefunded, fee, captureAmount,
                description, metadata, failureCode, failureMessage, decision, assessmentId, kycLevel, customerEmail,
                clientIp, deviceId, version, createdAt, updatedAt);
    }

    Payment withFailure(String code, String message) {
        return new Payment(id, merchantId, customerId, payerAccountId, merchantAccountId, feeAccountId, feeBps, amount,
                currency, PaymentStatus.FAILED, captureMethod, 0, amountCaptured, amountRefunded, fee, captureAmount,
                description, metadata, code, message, riskDecision, riskAssessmentId, kycLevel, customerEmail,
                clientIp, deviceId, version, createdAt, updatedAt);
    }

    Payment withCapturable(long capturable) {
        return new Payment(id, merchantId, customerId, payerAccountId, merchantAccountId, feeAccountId, feeBps, amount,
                currency, status, captureMethod, capturable, amountCaptured, amountRefunded, fee, captureAmount,
                description, metadata, failureCode, failureMessage, riskDecision, riskAssessmentId, kycLevel,
                customerEmail, clientIp, deviceId, version, createdAt, updatedAt);
    }

    Payment withCaptureRequest(Long amountToCapture) {
        return new Payment(id, merchantId, customerId, payerAccountId, merchantAccountId, feeAccountId, feeBps, amount,
                currency, status, captureMethod, amountCapturable, amountCaptured, amountRefunded, fee, amountToCapture,
                description, metadata, failureCode, failureMessage, riskDecision, riskAssessmentId, kycLevel,
                customerEmail, clientIp, deviceId, version, createdAt, updatedAt);
    }

    Payment withCaptured(long captured, long feeCharged) {
        return new Payment(id, merchantId, customerId, payerAccountId, merchantAccountId, feeAccountId, feeBps, amount,
                currency, status, captureMethod, 0, captured, amountRefunded, feeCharged, captureAmount,
                description, metadata, failureCode, failureMessage, riskDecision, riskAssessmentId, kycLevel,
                customerEmail, clientIp, deviceId, version, createdAt, updatedAt);
    }
}

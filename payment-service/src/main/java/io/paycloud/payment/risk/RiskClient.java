package io.paycloud.payment.risk;

import java.util.List;

/** risk-service as payment-service uses it. */
public interface RiskClient {

    record AssessmentRequest(String payment, String merchant, String customer, long amount, String currency,
            String kycLevel, String email, String clientIp, String deviceId) {
    }

    record Reason(String rule, String detail) {
    }

    record Assessment(String id, String decision, Integer score, List<Reason> reasons, String failureCode) {
    }

    record Outcome(String payment, String customer, long amount, String currency, String status) {
    }

    /** Never retried: every assessment counts towards velocity. */
    Assessment assess(AssessmentRequest request);

    /** Tells risk how a payment it judged ended, so its statistics learn from completed payments only. */
    void reportOutcome(Outcome outcome);
}

package io.paycloud.risk.assessment;

import java.time.Instant;
import java.util.List;

/** An assessment as the API shows it, inputs included (API.md, Risk). */
record AssessmentResponse(String id, String payment, String decision, int score, List<Reason> reasons,
        String failureCode, String merchant, String customer, long amount, String currency, String kycLevel,
        String email, String clientIp, String deviceId, Instant createdAt) {

    static AssessmentResponse of(Assessment a) {
        return new AssessmentResponse(a.id(), a.payment(), a.decision().wire(), a.score(), a.reasons(),
                a.failureCode(), a.merchant(), a.customer(), a.amount(), a.currency(), a.kycLevel(), a.email(),
                a.clientIp(), a.deviceId(), a.createdAt());
    }
}

package io.paycloud.risk.assessment;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** An assessment as the API shows it, inputs included (API.md, Risk). */
record AssessmentResponse(@Schema(example = "asm_01JD8YH9J4T2K0C1M6V2X4Y0A7B") String id,
        @Schema(nullable = true) String payment,
        @Schema(allowableValues = {"approve", "review", "decline"}) String decision,
        @Schema(minimum = "0", maximum = "100") int score, List<Reason> reasons,
        @Schema(nullable = true, description = "The payment's `failureCode` when the decision declines it.") String failureCode,
        String merchant, String customer, long amount, String currency,
        @Schema(allowableValues = {"none", "verified"}) String kycLevel,
        @Schema(nullable = true) String email, @Schema(nullable = true) String clientIp, @Schema(nullable = true) String deviceId,
        Instant createdAt) {

    static AssessmentResponse of(Assessment a) {
        return new AssessmentResponse(a.id(), a.payment(), a.decision().wire(), a.score(), a.reasons(),
                a.failureCode(), a.merchant(), a.customer(), a.amount(), a.currency(), a.kycLevel(), a.email(),
                a.clientIp(), a.deviceId(), a.createdAt());
    }
}

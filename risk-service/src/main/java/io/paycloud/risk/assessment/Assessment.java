package io.paycloud.risk.assessment;

import java.time.Instant;
import java.util.List;

/** A stored assessment: its inputs, the decision, the score and the reasons. */
record Assessment(String id, String payment, String merchant, String customer, long amount, String currency,
        String kycLevel, String email, String clientIp, String deviceId, Decision decision, int score,
        List<Reason> reasons, String failureCode, Instant createdAt) {
}

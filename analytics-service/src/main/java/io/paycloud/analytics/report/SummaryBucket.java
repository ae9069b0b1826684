package io.paycloud.analytics.report;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One bucket of the summary report, amounts in minor units of {@code currency}.
 * {@code count} is payments created; {@code feeAmount} is fees charged less fees given back with
 * refunds; {@code netAmount} = gross − refunded − fee; {@code successRate} is succeeded over
 * succeeded + failed (null when neither happened).
 */
public record SummaryBucket(
        String start,
        String currency,
        long count,
        long succeeded,
        long failed,
        long canceled,
        long grossAmount,
        long refundedAmount,
        long feeAmount,
        long netAmount,
        BigDecimal successRate,
        Map<String, Long> declineReasons,
        Map<String, Long> riskDecisions) {
}

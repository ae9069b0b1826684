package io.paycloud.analytics.report;

import java.math.BigDecimal;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One bucket of the summary report, amounts in minor units of {@code currency}.
 * {@code count} is payments created; {@code feeAmount} is fees charged less fees given back with
 * refunds; {@code netAmount} = gross − refunded − fee; {@code successRate} is succeeded over
 * succeeded + failed (null when neither happened).
 */
public record SummaryBucket(
        @Schema(format = "date-time", description = "The bucket's first instant.") String start,
        String currency,
        long count,
        long succeeded,
        long failed,
        long canceled,
        long grossAmount,
        long refundedAmount,
        long feeAmount,
        long netAmount,
        @Schema(nullable = true, description = "Succeeded over succeeded + failed, a fraction from 0 to 1; null when neither "
                + "happened.") BigDecimal successRate,
        @Schema(description = "Failed payments per `failureCode`.") Map<String, Long> declineReasons,
        Map<String, Long> riskDecisions) {
}

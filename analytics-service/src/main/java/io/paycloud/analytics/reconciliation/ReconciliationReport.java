package io.paycloud.analytics.reconciliation;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The reconciliation of one UTC day: what the events say moved, what the ledger recorded, and every
 * difference with the ids to look at. {@code balanced} is true when there is no mismatch;
 * {@code complete} is false while the consumer has not yet applied events past the end of the day.
 */
public record ReconciliationReport(@Schema(format = "date") String date, @Schema(format = "date-time") String from,
        @Schema(format = "date-time") String to, @Schema(description = "No mismatch.") boolean balanced,
        @Schema(description = "False while the consumer has not yet applied the events past the end of the day.") boolean complete,
        @Schema(nullable = true, format = "date-time", description = "The time of the last event applied, if any.")
        String eventsAppliedThrough, Side payments, Side ledger, List<Mismatch> mismatches) {

    /** One side's totals per merchant and currency. */
    @Schema(name = "ReconciliationSide")
    public record Side(List<Totals> totals) {
    }

    /**
     * Amounts in minor units: captures, fees charged, refunds and fees given back with refunds;
     * {@code netAmount} = captured − refunded − (fee − feeReversed), what the merchant keeps.
     */
    @Schema(name = "ReconciliationTotals")
    public record Totals(@Schema(nullable = true) String merchantId, String currency, long capturedAmount, long feeAmount,
            long refundedAmount, long feeReversedAmount, long netAmount, long transferCount) {
    }

    /**
     * One difference. {@code type}: {@code missing_in_ledger} (an event says money moved, the ledger has
     * no such transfer), {@code missing_in_events} (a payment transfer no event explains),
     * {@code amount_mismatch}, {@code currency_mismatch}, or {@code transfer_not_posted}.
     */
    @Schema(name = "ReconciliationMismatch")
    public record Mismatch(
            @Schema(allowableValues = {"missing_in_ledger", "missing_in_events", "amount_mismatch", "currency_mismatch",
                    "transfer_not_posted"}) String type,
            @Schema(nullable = true) String merchantId, String currency, @Schema(nullable = true) String paymentId,
            @Schema(nullable = true) String refundId, String transferId,
            @Schema(nullable = true, description = "The amount the events record.") Long eventAmount,
            @Schema(nullable = true, description = "The amount the ledger records.") Long ledgerAmount, String detail) {
    }
}

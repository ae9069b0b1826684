package io.paycloud.analytics.reconciliation;

import java.util.List;

/**
 * The reconciliation of one UTC day: what the events say moved, what the ledger recorded, and every
 * difference with the ids to look at. {@code balanced} is true when there is no mismatch;
 * {@code complete} is false while the consumer has not yet applied events past the end of the day.
 */
public record ReconciliationReport(String date, String from, String to, boolean balanced, boolean complete,
        String eventsAppliedThrough, Side payments, Side ledger, List<Mismatch> mismatches) {

    /** One side's totals per merchant and currency. */
    public record Side(List<Totals> totals) {
    }

    /**
     * Amounts in minor units: captures, fees charged, refunds and fees given back with refunds;
     * {@code netAmount} = captured − refunded − (fee − feeReversed), what the merchant keeps.
     */
    public record Totals(String merchantId, String currency, long capturedAmount, long feeAmount,
            long refundedAmount, long feeReversedAmount, long netAmount, long transferCount) {
    }

    /**
     * One difference. {@code type}: {@code missing_in_ledger} (an event says money moved, the ledger has
     * no such transfer), {@code missing_in_events} (a payment transfer no event explains),
     * {@code amount_mismatch}, {@code currency_mismatch}, or {@code transfer_not_posted}.
     */
    public record Mismatch(String type, String merchantId, String currency, String paymentId, String refundId,
            String transferId, Long eventAmount, Long ledgerAmount, String detail) {
    }
}

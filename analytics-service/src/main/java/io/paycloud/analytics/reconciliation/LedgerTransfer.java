package io.paycloud.analytics.reconciliation;

/**
 * analytics-service's copy of a ledger transfer as account-service's {@code GET /internal/transfers}
 * lists it; {@code sequence} orders the list and pages it ({@code after=}).
 */
record LedgerTransfer(Long sequence, String id, String kind, String status, String debitAccountId,
        String creditAccountId, long amount, String currency, String pendingId, String createdAt) {
}

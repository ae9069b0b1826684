package io.paycloud.payment.ledger;

/** payment-service's copy of a ledger transfer, with only the fields it reads. */
public record LedgerTransfer(String id, String kind, String status, String debitAccountId, String creditAccountId,
        long amount, String currency, String pendingId) {
}

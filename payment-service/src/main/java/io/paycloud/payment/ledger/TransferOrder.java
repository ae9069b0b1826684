package io.paycloud.payment.ledger;

/** A transfer payment-service asks the ledger for; the id is deterministic, so retries are safe. */
public record TransferOrder(String id, String kind, String debitAccountId, String creditAccountId, Long amount,
        String currency, String pendingId, Long timeoutSeconds, Boolean linked) {

    public static TransferOrder hold(String id, String debit, String credit, long amount, String currency,
            long timeoutSeconds) {
        return new TransferOrder(id, "pending", debit, credit, amount, currency, null, timeoutSeconds, null);
    }

    public static TransferOrder post(String id, String pendingId, long amount) {
        return new TransferOrder(id, "post_pending", null, null, amount, null, pendingId, null, null);
    }

    public static TransferOrder release(String id, String pendingId) {
        return new TransferOrder(id, "void_pending", null, null, null, null, pendingId, null, null);
    }

    public static TransferOrder single(String id, String debit, String credit, long amount, String currency) {
        return new TransferOrder(id, "single", debit, credit, amount, currency, null, null, null);
    }

    public TransferOrder chained() {
        return new TransferOrder(id, kind, debitAccountId, creditAccountId, amount, currency, pendingId,
                timeoutSeconds, true);
    }
}

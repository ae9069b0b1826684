package io.paycloud.account.ledger;

/**
 * A transfer as a caller asks for it. {@code id} is chosen by the caller and is the idempotency key.
 * For {@code post_pending}/{@code void_pending} the accounts, currency and amount may be left out and
 * are then taken from the pending transfer ({@code amount} of a post defaults to the whole hold).
 * {@code linked} chains this transfer to the next one of a batch: the chain succeeds or fails as one.
 */
public record TransferRequest(
        String id,
        String kind,
        String debitAccountId,
        String creditAccountId,
        Long amount,
        String currency,
        String pendingId,
        Long timeoutSeconds,
        Boolean linked) {

    public static TransferRequest single(String id, String debit, String credit, long amount, String currency) {
        return new TransferRequest(id, "single", debit, credit, amount, currency, null, null, null);
    }

    public static TransferRequest pending(String id, String debit, String credit, long amount, String currency,
            long timeoutSeconds) {
        return new TransferRequest(id, "pending", debit, credit, amount, currency, null, timeoutSeconds, null);
    }

    public static TransferRequest post(String id, String pendingId, Long amount) {
        return new TransferRequest(id, "post_pending", null, null, amount, null, pendingId, null, null);
    }

    public static TransferRequest voidPending(String id, String pendingId) {
        return new TransferRequest(id, "void_pending", null, null, null, null, pendingId, null, null);
    }

    public TransferRequest withLinked(boolean value) {
        return new TransferRequest(id, kind, debitAccountId, creditAccountId, amount, currency, pendingId,
                timeoutSeconds, value);
    }

    boolean isLinked() {
        return Boolean.TRUE.equals(linked);
    }
}

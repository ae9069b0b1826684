package io.paycloud.account.ledger;

/**
 * The outcome of one transfer of a batch: {@code created}, {@code exists} (the same transfer was
 * already recorded; nothing written) or {@code failed} with the problem it would have answered alone
 * ({@code linked_event_failed} when another transfer of its linked chain failed).
 */
public record BatchResult(int index, String id, String result, Transfer transfer, Error error) {

    /** The problem fields of a failed transfer. */
    public record Error(int status, String code, String param, String detail) {
    }
}

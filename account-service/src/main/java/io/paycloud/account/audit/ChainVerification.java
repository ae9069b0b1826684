package io.paycloud.account.audit;

/**
 * What a walk of the audit chain found.
 *
 * @param entries how many events were checked
 * @param broken the first place where the chain does not hold, or null when it holds
 */
record ChainVerification(long entries, Break broken) {

    /**
     * The first broken event.
     *
     * @param sequence its seq (for a head that points past an empty table, 0)
     * @param id its id, null when there is no event to name
     * @param reason {@code hash mismatch}, {@code prev_hash does not link}, {@code gap after seq N} or
     *        {@code head does not match last entry}
     */
    record Break(long sequence, String id, String reason) {
    }

    boolean ok() {
        return broken == null;
    }
}

package io.paycloud.account.ledger;

/**
 * The four TigerBeetle counters of accounts, changed under the ledger's guards: a debit-limited
 * account never has {@code debitsPending + debitsPosted > creditsPosted}, a credit-limited one never
 * {@code creditsPending + creditsPosted > debitsPosted}. {@link LedgerStore} does it with one guarded
 * {@code UPDATE} per change; a batch does it in memory on rows it has locked ({@link BatchBalances}).
 */
interface AccountCounters {

    /** Adds a debit unless the account's limit forbids it; false when refused. */
    boolean addDebit(String accountId, long amount, boolean pending, boolean limited);

    /** Adds a credit unless the account's limit forbids it; false when refused. */
    boolean addCredit(String accountId, long amount, boolean pending, boolean limited);

    /** Resolves a hold on the debit side: {@code held} leaves pending, {@code posted} (≤ held) is posted. */
    void resolveDebit(String accountId, long held, long posted);

    /** Resolves a hold on the credit side: {@code held} leaves pending, {@code posted} (≤ held) is posted. */
    void resolveCredit(String accountId, long held, long posted);
}

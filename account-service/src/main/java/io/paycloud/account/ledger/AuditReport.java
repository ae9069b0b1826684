package io.paycloud.account.ledger;

import java.time.Instant;
import java.util.List;

/**
 * The ledger's invariants as they stand: per currency, whether all accounts' credits minus debits sum
 * to zero (posted and pending separately) and whether the account counters agree with the transfers
 * recorded; and every account past its limit (or with a negative pending counter).
 */
public record AuditReport(boolean ok, Instant checkedAt, List<CurrencyCheck> currencies,
        List<AccountBalance> accountsPastLimit) {

    public record CurrencyCheck(
            String currency,
            long accounts,
            long debitsPosted,
            long creditsPosted,
            long debitsPending,
            long creditsPending,
            boolean zeroSum,
            long transfersPosted,
            long transfersPending,
            boolean matchesTransfers) {
    }
}

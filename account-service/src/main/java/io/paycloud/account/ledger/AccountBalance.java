package io.paycloud.account.ledger;

import java.time.Instant;

/**
 * An account and its balances. {@code posted} = credits posted − debits posted; {@code available} =
 * posted − debits pending (what can be spent now); {@code pending} = credits pending (money on its way
 * in, held until posted). The four raw TigerBeetle counters are included for reconciliation.
 */
public record AccountBalance(
        String id,
        String currency,
        String type,
        String merchantId,
        String ownerId,
        long available,
        long pending,
        long posted,
        long debitsPending,
        long debitsPosted,
        long creditsPending,
        long creditsPosted,
        boolean debitsMustNotExceedCredits,
        boolean creditsMustNotExceedDebits,
        Instant createdAt) {
}

package io.paycloud.account.ledger;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds whose timeout has passed give their amounts back ({@link HoldExpiryJob} runs it). */
final class HoldExpiry {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiry.class);

    private final LedgerStore store;
    private final LedgerTransactions transactions;
    private final Clock clock;
    private final LedgerProperties properties;

    HoldExpiry(LedgerStore store, LedgerTransactions transactions, Clock clock, LedgerProperties properties) {
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Voids holds whose timeout has passed. Safe with several replicas running it at once: each hold is
     * claimed by a guarded {@code UPDATE … WHERE status = 'pending'} that only one transaction can win,
     * and only the winner releases the held amounts.
     */
    int expireDueHolds() {
        int expired = 0;
        for (String id : store.duePendingIds(Ledger.now(clock), properties.expiryBatch())) {
            Boolean done = transactions.run(status -> {
                Transfer p = store.transfer(id).orElse(null);
                if (p == null || !store.resolvePending(id, "expired")) {
                    return false;
                }
                Transfers.releaseHold(store, p, 0);
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                expired++;
            }
        }
        if (expired > 0) {
            log.info("Expired {} hold(s)", expired);
        }
        return expired;
    }
}

package io.paycloud.account.ledger;

import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's transactions: each runs fresh, and again when the database picked it as a deadlock victim
 * or a lock wait timed out (nothing of a rolled-back attempt stays, so running it again is safe).
 */
final class LedgerTransactions {

    private static final Logger log = LoggerFactory.getLogger(LedgerTransactions.class);
    private static final int ATTEMPTS = 6;

    private final TransactionTemplate tx;

    LedgerTransactions(PlatformTransactionManager transactions) {
        // READ COMMITTED is set on the connection pool (application.yml): the guarded updates read the
        // latest row anyway, InnoDB then takes no gap locks, and no per-transaction SET round trips are paid
        this.tx = new TransactionTemplate(transactions);
    }

    <T> T run(TransactionCallback<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(work);
            } catch (PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("Ledger transaction retried after {}", e.getClass().getSimpleName());
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}

package io.paycloud.account.ledger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;

/**
 * Makes sure every supported currency has its funding, fees and settlement account before the service
 * takes requests. Idempotent and safe when several replicas start at once: the unique
 * {@code system_code} lets exactly one insert win, the others find its row.
 */
@Component
class SystemAccounts implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SystemAccounts.class);

    private final LedgerStore store;
    private final Clock clock;

    SystemAccounts(LedgerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static String code(AccountType type, String currency) {
        return type.wire() + ":" + currency;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int created = 0;
        for (String currency : Currencies.codes()) {
            for (AccountType type : AccountType.values()) {
                if (!type.system() || store.systemAccountId(code(type, currency)).isPresent()) {
                    continue;
                }
                try {
                    store.insertAccount(Ids.newId("acc"), currency, type, null, null, code(type, currency),
                            clock.instant().truncatedTo(ChronoUnit.MICROS));
                    created++;
                } catch (DuplicateKeyException anotherReplicaWasFirst) {
                    // its account is as good as ours
                }
            }
        }
        if (created > 0) {
            log.info("Created {} system account(s)", created);
        }
    }
}

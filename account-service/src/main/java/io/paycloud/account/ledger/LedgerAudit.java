package io.paycloud.account.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's audit: per currency, debits equal credits (posted and pending) and equal what the
 * transfers add up to, and no account is past its limit ({@link AuditJob} runs it).
 */
final class LedgerAudit {

    private final LedgerStore store;
    private final Clock clock;

    LedgerAudit(LedgerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    AuditReport audit() {
        Instant at = Ledger.now(clock);
        Map<String, LedgerStore.TransferTotals> byCurrency = new HashMap<>();
        store.transferTotalsByCurrency().forEach(t -> byCurrency.put(t.currency(), t));
        List<AuditReport.CurrencyCheck> checks = new ArrayList<>();
        boolean ok = true;
        for (LedgerStore.CurrencyTotals c : store.totalsByCurrency()) {
            LedgerStore.TransferTotals t = byCurrency.getOrDefault(c.currency(), new LedgerStore.TransferTotals(c.currency(), 0, 0));
            boolean zeroSum = c.creditsPosted() == c.debitsPosted() && c.creditsPending() == c.debitsPending();
            boolean matches = t.posted() == c.debitsPosted() && t.pending() == c.debitsPending();
            ok &= zeroSum && matches;
            checks.add(new AuditReport.CurrencyCheck(c.currency(), c.accounts(), c.debitsPosted(), c.creditsPosted(),
                    c.debitsPending(), c.creditsPending(), zeroSum, t.posted(), t.pending(), matches));
        }
        List<AccountBalance> past = store.accountsPastLimit();
        checks.sort(Comparator.comparing(AuditReport.CurrencyCheck::currency));
        return new AuditReport(ok && past.isEmpty(), at, checks, past);
    }
}

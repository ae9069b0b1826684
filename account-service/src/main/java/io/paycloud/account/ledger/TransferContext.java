package io.paycloud.account.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one transaction has read: immutable account parts and transfers seen or written so far. */
final class TransferContext {
    final boolean batch;
    final Map<String, LedgerStore.AccountRef> accounts = new HashMap<>();
    final Map<String, Transfer> transfers = new HashMap<>();
    /** Transfers of a batch chain not yet inserted: a chain's rows go in as one multi-row INSERT. */
    final List<Transfer> unrecorded = new ArrayList<>();
    /** A batch's account counters, changed in memory and written once at its end; null outside a batch. */
    final BatchBalances balances;
    /** Where counters change: the batch's {@link #balances}, else guarded SQL straight away. */
    final AccountCounters counters;

    TransferContext(LedgerStore store, boolean batch) {
        this.batch = batch;
        this.balances = batch ? new BatchBalances() : null;
        this.counters = batch ? balances : store;
    }

    void record(LedgerStore store, Transfer t) {
        if (batch) {
            unrecorded.add(t);
        } else {
            store.insertTransfer(t);
        }
    }

    void flush(LedgerStore store) {
        if (!unrecorded.isEmpty()) {
            store.insertTransfers(unrecorded);
            unrecorded.clear();
        }
    }

    LedgerStore.AccountRef account(LedgerStore store, String id, String param) {
        LedgerStore.AccountRef a = accounts.get(id);
        if (a == null && !batch) {
            a = store.accountRefs(List.of(id)).get(id);
            if (a != null) {
                accounts.put(id, a);
            }
        }
        if (a == null) {
            throw LedgerErrors.accountMissing(param, id);
        }
        return a;
    }
}

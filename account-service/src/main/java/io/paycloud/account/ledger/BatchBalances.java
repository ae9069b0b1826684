package io.paycloud.account.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of the accounts a batch has locked ({@code FOR UPDATE} in {@link Transfers}, held
 * to the commit), changed in memory under exactly the guards of {@link LedgerStore#addDebit} and
 * {@link LedgerStore#addCredit} and written back once at the end, instead of one guarded
 * {@code UPDATE} per side of every transfer. A chain that fails is undone here as its savepoint
 * undoes its rows.
 */
final class BatchBalances implements AccountCounters {

    private static final int DEBITS_PENDING = 0;
    private static final int DEBITS_POSTED = 1;
    private static final int CREDITS_PENDING = 2;
    private static final int CREDITS_POSTED = 3;

    private final Map<String, long[]> current = new HashMap<>();
    private final Map<String, long[]> changed = new HashMap<>();
    private final List<Map.Entry<String, long[]>> undoLog = new ArrayList<>();

    void load(Map<String, long[]> locked) {
        current.putAll(locked);
    }

    int mark() {
        return undoLog.size();
    }

    /** The chain since {@code mark} succeeded: its changes stay. */
    void keep(int mark) {
        undoLog.subList(mark, undoLog.size()).clear();
    }

    /** The chain since {@code mark} failed: its changes go, newest first. */
    void undo(int mark) {
        for (int i = undoLog.size() - 1; i >= mark; i--) {
            Map.Entry<String, long[]> before = undoLog.get(i);
            current.put(before.getKey(), before.getValue());
            changed.put(before.getKey(), before.getValue());
        }
        undoLog.subList(mark, undoLog.size()).clear();
    }

    @Override
    public boolean addDebit(String id, long amount, boolean pending, boolean limited) {
        long[] b = of(id);
        if (limited && b[DEBITS_PENDING] + b[DEBITS_POSTED] + amount > b[CREDITS_POSTED]) {
            return false;
        }
        change(id, b, pending ? DEBITS_PENDING : DEBITS_POSTED, amount);
        return true;
    }

    @Override
    public boolean addCredit(String id, long amount, boolean pending, boolean limited) {
        long[] b = of(id);
        if (limited && b[CREDITS_PENDING] + b[CREDITS_POSTED] + amount > b[DEBITS_POSTED]) {
            return false;
        }
        change(id, b, pending ? CREDITS_PENDING : CREDITS_POSTED, amount);
        return true;
    }

    @Override
    public void resolveDebit(String id, long held, long posted) {
        long[] b = of(id);
        long[] next = b.clone();
        next[DEBITS_PENDING] -= held;
        next[DEBITS_POSTED] += posted;
        set(id, b, next);
    }

    @Override
    public void resolveCredit(String id, long held, long posted) {
        long[] b = of(id);
        long[] next = b.clone();
        next[CREDITS_PENDING] -= held;
        next[CREDITS_POSTED] += posted;
        set(id, b, next);
    }

    /** The accounts whose counters this batch changed, with their final values. */
    Map<String, long[]> changed() {
        return changed;
    }

    private long[] of(String id) {
        long[] b = current.get(id);
        if (b == null) {
            // every account a batch touches is locked and loaded first; anything else is a bug
            throw new IllegalStateException("account " + id + " was not locked by this batch");
        }
        return b;
    }

    private void change(String id, long[] b, int counter, long amount) {
        long[] next = b.clone();
        next[counter] = Math.addExact(next[counter], amount);
        set(id, b, next);
    }

    private void set(String id, long[] before, long[] next) {
        undoLog.add(Map.entry(id, before));
        current.put(id, next);
        changed.put(id, next);
    }
}

package io.paycloud.account.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.springframework.dao.DuplicateKeyException;

import io.paycloud.common.error.ApiException;

/**
 * Writing transfers: one at a time, or a batch of linked chains in one database transaction. Every
 * balance change is a guarded SQL update ({@link LedgerStore}), or in a batch the same guards in memory
 * on rows locked first ({@link BatchBalances}); within one transaction accounts change in ascending id
 * order and holds are locked before accounts, so two transactions never wait for each other in a circle.
 * A transfer id is the idempotency key: the same id with the same fields replays the recorded transfer.
 */
final class Transfers {

    private final LedgerStore store;
    private final LedgerTransactions transactions;
    private final Clock clock;
    private final LedgerProperties properties;

    Transfers(LedgerStore store, LedgerTransactions transactions, Clock clock, LedgerProperties properties) {
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Records one transfer. The same id with the same fields answers the recorded transfer
     * ({@code created=false}); with different fields a 409 {@code transfer_exists} naming the field.
     */
    Ledger.Outcome transfer(TransferRequest request) {
        TransferSpec spec = TransferSpec.of(request, properties);
        try {
            return transactions.run(status -> applyOrReplay(spec, new TransferContext(store, false)));
        } catch (DuplicateKeyException race) {
            // another request with the same id committed first; ours was rolled back whole
            Transfer existing = store.transfer(spec.id()).orElseThrow(() -> race);
            requireSame(spec, existing);
            return new Ledger.Outcome(existing, false);
        }
    }

    /**
     * Records up to {@code maxBatch} transfers in one database transaction. Each linked chain (transfers
     * with {@code linked: true} and the one after the last of them) succeeds or fails as one; unlinked
     * transfers succeed or fail alone. A failed chain is undone through a savepoint.
     */
    List<BatchResult> batch(List<TransferRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw ApiException.missing("transfers");
        }
        if (requests.size() > properties.maxBatch()) {
            throw ApiException.invalid("transfers", "A batch carries at most " + properties.maxBatch() + " transfers.");
        }
        int n = requests.size();
        TransferSpec[] specs = new TransferSpec[n];
        ApiException[] shapeErrors = new ApiException[n];
        for (int i = 0; i < n; i++) {
            try {
                specs[i] = TransferSpec.of(Objects.requireNonNull(requests.get(i)), properties);
            } catch (ApiException e) {
                shapeErrors[i] = e;
            } catch (NullPointerException e) {
                shapeErrors[i] = ApiException.invalid("transfers[" + i + "]", "A transfer may not be null.");
            }
        }
        List<int[]> chains = new ArrayList<>();
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n - 1 && requests.get(end) != null && requests.get(end).isLinked()) {
                end++;
            }
            chains.add(new int[] {start, end});
            start = end + 1;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return runBatch(requests, specs, shapeErrors, chains);
            } catch (DuplicateKeyException race) {
                // a concurrent request recorded one of our ids first: run again, it is then a replay
                if (attempt == 3) {
                    throw race;
                }
            }
        }
    }

    private List<BatchResult> runBatch(List<TransferRequest> requests, TransferSpec[] specs, ApiException[] shapeErrors,
            List<int[]> chains) {
        int n = requests.size();
        return transactions.run(status -> {
            BatchResult[] results = new BatchResult[n];
            TransferContext ctx = new TransferContext(store, true);
            prepareBatch(specs, ctx);
            for (int[] chain : chains) {
                int failedAt = -1;
                ApiException failure = null;
                for (int i = chain[0]; i <= chain[1] && failure == null; i++) {
                    if (shapeErrors[i] != null) {
                        failedAt = i;
                        failure = shapeErrors[i];
                    }
                }
                if (failure == null && chain[1] == n - 1 && requests.get(n - 1) != null && requests.get(n - 1).isLinked()) {
                    failedAt = n - 1;
                    failure = new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, LedgerErrors.CHAIN_OPEN,
                            "linked", "The last transfer of a batch may not be linked to a next one.");
                }
                if (failure == null) {
                    boolean resolves = false;
                    for (int i = chain[0]; i <= chain[1]; i++) {
                        resolves |= specs[i].kind().resolvesPending();
                    }
                    if (resolves) {
                        // rows of earlier chains go in before this chain's savepoint, so its rollback spares them
                        ctx.flush(store);
                    }
                    int mark = ctx.unrecorded.size();
                    int balancesMark = ctx.balances.mark();
                    Object savepoint = status.createSavepoint();
                    List<String> written = new ArrayList<>();
                    for (int i = chain[0]; i <= chain[1]; i++) {
                        try {
                            Ledger.Outcome o = applyOrReplay(specs[i], ctx);
                            if (o.created()) {
                                written.add(o.transfer().id());
                            }
                            results[i] = new BatchResult(i, specs[i].id(), o.created() ? "created" : "exists", o.transfer(), null);
                        } catch (ApiException e) {
                            failedAt = i;
                            failure = e;
                            break;
                        }
                    }
                    if (failure == null) {
                        status.releaseSavepoint(savepoint);
                        ctx.balances.keep(balancesMark);
                    } else {
                        if (ctx.unrecorded.size() > mark) {
                            ctx.unrecorded.subList(mark, ctx.unrecorded.size()).clear();
                        }
                        ctx.balances.undo(balancesMark);
                        status.rollbackToSavepoint(savepoint);
                        written.forEach(ctx.transfers::remove);
                    }
                }
                if (failure != null) {
                    for (int i = chain[0]; i <= chain[1]; i++) {
                        String id = requests.get(i) == null ? null : requests.get(i).id();
                        BatchResult.Error error = i == failedAt
                                ? new BatchResult.Error(failure.status().value(), failure.code(), failure.param(), failure.getMessage())
                                : new BatchResult.Error(409, LedgerErrors.LINKED_FAILED, null,
                                        "Transfer " + failedAt + " of the same linked chain failed.");
                        results[i] = new BatchResult(i, id, "failed", null, error);
                    }
                }
            }
            ctx.flush(store);
            store.writeBalances(ctx.balances.changed());
            return List.of(results);
        });
    }

    /** Locks, in the one global order, every hold and account the batch will touch, before any change. */
    private void prepareBatch(TransferSpec[] specs, TransferContext ctx) {
        List<String> ids = new ArrayList<>();
        TreeSet<String> pendingIds = new TreeSet<>();
        for (TransferSpec s : specs) {
            if (s != null) {
                ids.add(s.id());
                if (s.kind().resolvesPending()) {
                    pendingIds.add(s.request().pendingId());
                }
            }
        }
        ctx.transfers.putAll(store.transfers(ids, false));
        Map<String, Transfer> pendings = store.transfers(new ArrayList<>(pendingIds), true);
        TreeSet<String> accountIds = new TreeSet<>();
        for (TransferSpec s : specs) {
            if (s != null && !s.kind().resolvesPending()) {
                accountIds.add(s.request().debitAccountId());
                accountIds.add(s.request().creditAccountId());
            }
        }
        pendings.values().forEach(p -> {
            accountIds.add(p.debitAccountId());
            accountIds.add(p.creditAccountId());
        });
        ctx.accounts.putAll(store.accountRefs(accountIds));
        ctx.balances.load(store.lockAccountsInOrder(accountIds.stream().filter(ctx.accounts::containsKey).toList()));
    }

    private Ledger.Outcome applyOrReplay(TransferSpec spec, TransferContext ctx) {
        Transfer existing = ctx.transfers.containsKey(spec.id()) || ctx.batch
                ? ctx.transfers.get(spec.id())
                : store.transfer(spec.id()).orElse(null);
        if (existing != null) {
            requireSame(spec, existing);
            return new Ledger.Outcome(existing, false);
        }
        Transfer t = spec.kind().resolvesPending() ? resolve(spec, ctx) : create(spec, ctx);
        ctx.transfers.put(t.id(), t);
        return new Ledger.Outcome(t, true);
    }

    private Transfer create(TransferSpec spec, TransferContext ctx) {
        TransferRequest r = spec.request();
        LedgerStore.AccountRef debit = ctx.account(store, r.debitAccountId(), "debitAccountId");
        LedgerStore.AccountRef credit = ctx.account(store, r.creditAccountId(), "creditAccountId");
        requireCurrency(debit, r.currency());
        requireCurrency(credit, r.currency());
        boolean pending = spec.kind() == TransferKind.PENDING;
        long amount = r.amount();
        for (LedgerStore.AccountRef a : ordered(debit, credit)) {
            if (a == debit && !ctx.counters.addDebit(a.id(), amount, pending, a.limitDebits())) {
                throw LedgerErrors.insufficientFunds(a.id());
            }
            if (a == credit && !ctx.counters.addCredit(a.id(), amount, pending, a.limitCredits())) {
                throw LedgerErrors.creditLimit(a.id());
            }
        }
        Instant now = Ledger.now(clock);
        Transfer t = new Transfer(spec.id(), spec.kind().wire(), pending ? "pending" : "posted", debit.id(), credit.id(),
                amount, r.currency(), null, pending ? spec.timeoutSeconds() : null,
                pending ? now.plusSeconds(spec.timeoutSeconds()) : null, now);
        ctx.record(store, t);
        return t;
    }

    private Transfer resolve(TransferSpec spec, TransferContext ctx) {
        TransferRequest r = spec.request();
        ctx.flush(store); // the hold may be one this batch has just recorded
        Transfer p = store.lockTransfer(r.pendingId())
                .orElseThrow(() -> new ApiException(io.paycloud.common.error.ErrorCode.RESOURCE_MISSING, "pendingId",
                        "No such pending transfer: '" + r.pendingId() + "'."));
        if (!TransferKind.PENDING.wire().equals(p.kind())) {
            throw ApiException.invalid("pendingId", "Transfer '" + p.id() + "' is not a pending transfer.");
        }
        requireMatches("debitAccountId", r.debitAccountId(), p.debitAccountId());
        requireMatches("creditAccountId", r.creditAccountId(), p.creditAccountId());
        requireMatches("currency", r.currency(), p.currency());
        long held = p.amount();
        boolean post = spec.kind() == TransferKind.POST_PENDING;
        long amount = r.amount() == null ? held : r.amount();
        if (post && amount > held) {
            throw ApiException.invalid("amount", "The amount to post (" + amount + ") exceeds the held amount (" + held + ").");
        }
        if (!post && amount != held) {
            throw ApiException.invalid("amount", "A void releases the whole held amount (" + held + ").");
        }
        if (!"pending".equals(p.status())) {
            throw LedgerErrors.pendingState(p.id(), p.status());
        }
        Instant now = Ledger.now(clock);
        if (p.expiresAt() != null && !now.isBefore(p.expiresAt())) {
            throw LedgerErrors.pendingState(p.id(), "expired");
        }
        if (!store.resolvePending(p.id(), post ? "posted" : "voided")) {
            // cannot happen while we hold the row lock; refuse rather than move money twice
            throw LedgerErrors.pendingState(p.id(), store.transfer(p.id()).map(Transfer::status).orElse("expired"));
        }
        long posted = post ? amount : 0;
        releaseHold(ctx.counters, p, posted);
        Transfer t = new Transfer(spec.id(), spec.kind().wire(), post ? "posted" : "voided", p.debitAccountId(),
                p.creditAccountId(), amount, p.currency(), p.id(), null, null, now);
        ctx.record(store, t);
        return t;
    }

    static void releaseHold(AccountCounters counters, Transfer p, long posted) {
        if (p.debitAccountId().compareTo(p.creditAccountId()) < 0) {
            counters.resolveDebit(p.debitAccountId(), p.amount(), posted);
            counters.resolveCredit(p.creditAccountId(), p.amount(), posted);
        } else {
            counters.resolveCredit(p.creditAccountId(), p.amount(), posted);
            counters.resolveDebit(p.debitAccountId(), p.amount(), posted);
        }
    }


    private static List<LedgerStore.AccountRef> ordered(LedgerStore.AccountRef a, LedgerStore.AccountRef b) {
        return a.id().compareTo(b.id()) < 0 ? List.of(a, b) : List.of(b, a);
    }

    private static void requireCurrency(LedgerStore.AccountRef account, String currency) {
        if (!account.currency().equals(currency)) {
            throw ApiException.invalid("currency", "Account " + account.id() + " is in " + account.currency()
                    + ", not " + currency + ".");
        }
    }

    private static void requireMatches(String param, String given, String actual) {
        if (given != null && !given.equals(actual)) {
            throw ApiException.invalid(param, "The pending transfer has " + param + " " + actual + ".");
        }
    }

    /** An idempotent replay must ask for exactly what was recorded; the first field that differs is named. */
    private void requireSame(TransferSpec spec, Transfer t) {
        TransferRequest r = spec.request();
        if (!spec.kind().wire().equals(t.kind())) {
            throw LedgerErrors.exists(t.id(), "kind");
        }
        if (spec.kind().resolvesPending()) {
            if (!Objects.equals(r.pendingId(), t.pendingId())) {
                throw LedgerErrors.exists(t.id(), "pendingId");
            }
            differs("debitAccountId", r.debitAccountId(), t.debitAccountId(), t.id());
            differs("creditAccountId", r.creditAccountId(), t.creditAccountId(), t.id());
            if (r.amount() != null && r.amount() != t.amount()) {
                throw LedgerErrors.exists(t.id(), "amount");
            }
            if (r.amount() == null && spec.kind() == TransferKind.POST_PENDING) {
                long held = store.transfer(t.pendingId()).map(Transfer::amount).orElse(t.amount());
                if (held != t.amount()) {
                    throw LedgerErrors.exists(t.id(), "amount");
                }
            }
            differs("currency", r.currency(), t.currency(), t.id());
            return;
        }
        differs("debitAccountId", r.debitAccountId(), t.debitAccountId(), t.id());
        differs("creditAccountId", r.creditAccountId(), t.creditAccountId(), t.id());
        if (r.amount() != t.amount()) {
            throw LedgerErrors.exists(t.id(), "amount");
        }
        differs("currency", r.currency(), t.currency(), t.id());
        if (spec.kind() == TransferKind.PENDING && !Objects.equals(spec.timeoutSeconds(), t.timeoutSeconds())) {
            throw LedgerErrors.exists(t.id(), "timeoutSeconds");
        }
    }

    private static void differs(String field, String given, String recorded, String id) {
        if (given != null && !given.equals(recorded)) {
            throw LedgerErrors.exists(id, field);
        }
    }
}

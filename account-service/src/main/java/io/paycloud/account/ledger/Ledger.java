package io.paycloud.account.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;

/**
 * The double-entry ledger: accounts, single-phase and two-phase transfers, linked batches, statements
 * and the audit. Every balance change is a guarded SQL update (see {@link LedgerStore}); within one
 * transaction accounts are changed in ascending id order (and holds are locked before accounts), so two
 * transactions never wait for each other in a circle. A transaction touches only the rows of its own
 * accounts, so a busy merchant account delays only transfers into that account.
 */
@Service
public class Ledger {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final int ATTEMPTS = 6;

    private final LedgerStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LedgerProperties properties;

    Ledger(LedgerStore store, PlatformTransactionManager transactions, Clock clock, LedgerProperties properties) {
        this.store = store;
        // READ COMMITTED is set on the connection pool (application.yml): the guarded updates read the
        // latest row anyway, InnoDB then takes no gap locks, and no per-transaction SET round trips are paid
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
    }

    /** Whether a transfer was written by this call or found already recorded (an idempotent replay). */
    public record Outcome(Transfer transfer, boolean created) {
    }

    // ---------------------------------------------------------------- accounts

    /** Opens an account with zero balances; joins the caller's transaction when there is one. */
    public String openAccount(AccountType type, String currency, String merchantId, String ownerId) {
        if (!Currencies.isSupported(currency)) {
            throw ApiException.invalid("currency", "Unsupported currency: " + currency + ".");
        }
        String id = Ids.newId("acc");
        store.insertAccount(id, currency, type, merchantId, ownerId, null, now());
        return id;
    }

    /** An owner's accounts of one type: currency → account id, in the order of the currency table. */
    public Map<String, String> accountsOf(String ownerId, AccountType type) {
        Map<String, String> found = new HashMap<>();
        store.accountsOf(ownerId, type).forEach(row -> found.put(row[0], row[1]));
        Map<String, String> out = new LinkedHashMap<>();
        Currencies.codes().stream().filter(found::containsKey).forEach(c -> out.put(c, found.get(c)));
        return out;
    }

    public Optional<AccountBalance> account(String id) {
        return store.balance(id);
    }

    /** The funding, fees or settlement account of a currency (created at startup by {@link SystemAccounts}). */
    public String systemAccount(AccountType type, String currency) {
        if (!type.system()) {
            throw new IllegalArgumentException(type + " is not a system account type");
        }
        return store.systemAccountId(SystemAccounts.code(type, currency))
                .orElseThrow(() -> ApiException.invalid("currency", "Unsupported currency: " + currency + "."));
    }

    /** Every system account: currency → type → account id. */
    /** Transfers written in {@code [from, to)} after a sequence, oldest first; {@code limit + 1} rows tell whether more follow. */
    public List<LedgerStore.TimedTransfer> between(java.time.Instant from, java.time.Instant to, long afterSeq, int limit) {
        return store.between(from, to, afterSeq, limit);
    }

    public Map<String, Map<String, String>> systemAccounts() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String currency : Currencies.codes()) {
            Map<String, String> byType = new LinkedHashMap<>();
            for (AccountType type : AccountType.values()) {
                if (type.system()) {
                    store.systemAccountId(SystemAccounts.code(type, currency)).ifPresent(id -> byType.put(type.wire(), id));
                }
            }
            out.put(currency, byType);
        }
        return out;
    }

    // ---------------------------------------------------------------- transfers

    public Optional<Transfer> transfer(String id) {
        return store.transfer(id);
    }

    /**
     * Records one transfer. The same id with the same fields answers the recorded transfer
     * ({@code created=false}); with different fields a 409 {@code transfer_exists} naming the field.
     */
    public Outcome transfer(TransferRequest request) {
        Spec spec = Spec.of(request, properties);
        try {
            return inTransaction(status -> applyOrReplay(spec, new Context(store, false)));
        } catch (DuplicateKeyException race) {
            // another request with the same id committed first; ours was rolled back whole
            Transfer existing = store.transfer(spec.id()).orElseThrow(() -> race);
            requireSame(spec, existing);
            return new Outcome(existing, false);
        }
    }

    /**
     * Records up to {@code maxBatch} transfers in one database transaction. Each linked chain (transfers
     * with {@code linked: true} and the one after the last of them) succeeds or fails as one; unlinked
     * transfers succeed or fail alone. A failed chain is undone through a savepoint.
     */
    public List<BatchResult> batch(List<TransferRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw ApiException.missing("transfers");
        }
        if (requests.size() > properties.maxBatch()) {
            throw ApiException.invalid("transfers", "A batch carries at most " + properties.maxBatch() + " transfers.");
        }
        int n = requests.size();
        Spec[] specs = new Spec[n];
        ApiException[] shapeErrors = new ApiException[n];
        for (int i = 0; i < n; i++) {
            try {
                specs[i] = Spec.of(Objects.requireNonNull(requests.get(i)), properties);
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

    private List<BatchResult> runBatch(List<TransferRequest> requests, Spec[] specs, ApiException[] shapeErrors,
            List<int[]> chains) {
        int n = requests.size();
        return inTransaction(status -> {
            BatchResult[] results = new BatchResult[n];
            Context ctx = new Context(store, true);
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
                            Outcome o = applyOrReplay(specs[i], ctx);
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
    private void prepareBatch(Spec[] specs, Context ctx) {
        List<String> ids = new ArrayList<>();
        TreeSet<String> pendingIds = new TreeSet<>();
        for (Spec s : specs) {
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
        for (Spec s : specs) {
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

    private Outcome applyOrReplay(Spec spec, Context ctx) {
        Transfer existing = ctx.transfers.containsKey(spec.id()) || ctx.batch
                ? ctx.transfers.get(spec.id())
                : store.transfer(spec.id()).orElse(null);
        if (existing != null) {
            requireSame(spec, existing);
            return new Outcome(existing, false);
        }
        Transfer t = spec.kind().resolvesPending() ? resolve(spec, ctx) : create(spec, ctx);
        ctx.transfers.put(t.id(), t);
        return new Outcome(t, true);
    }

    private Transfer create(Spec spec, Context ctx) {
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
        Instant now = now();
        Transfer t = new Transfer(spec.id(), spec.kind().wire(), pending ? "pending" : "posted", debit.id(), credit.id(),
                amount, r.currency(), null, pending ? spec.timeoutSeconds() : null,
                pending ? now.plusSeconds(spec.timeoutSeconds()) : null, now);
        ctx.record(store, t);
        return t;
    }

    private Transfer resolve(Spec spec, Context ctx) {
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
        Instant now = now();
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

    private static void releaseHold(AccountCounters counters, Transfer p, long posted) {
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
    private void requireSame(Spec spec, Transfer t) {
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

    // ---------------------------------------------------------------- statements, expiry, audit

    /** Transfers touching an account, newest first, after the cursor {@code startingAfter} (a transfer id). */
    public Page<Transfer> statement(String accountId, int limit, String startingAfter) {
        Long before = null;
        if (startingAfter != null) {
            before = store.seqOf(startingAfter, accountId)
                    .orElseThrow(() -> ApiException.invalid("startingAfter", "No transfer '" + startingAfter + "' on this account."));
        }
        List<Transfer> rows = store.statement(accountId, before, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    /**
     * Voids holds whose timeout has passed. Safe with several replicas running it at once: each hold is
     * claimed by a guarded {@code UPDATE … WHERE status = 'pending'} that only one transaction can win,
     * and only the winner releases the held amounts.
     */
    public int expireDueHolds() {
        int expired = 0;
        for (String id : store.duePendingIds(now(), properties.expiryBatch())) {
            Boolean done = inTransaction(status -> {
                Transfer p = store.transfer(id).orElse(null);
                if (p == null || !store.resolvePending(id, "expired")) {
                    return false;
                }
                releaseHold(store, p, 0);
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

    public AuditReport audit() {
        Instant at = now();
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

    // ---------------------------------------------------------------- plumbing

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs in a fresh transaction, again when the database picked it as a deadlock victim or a lock wait timed out. */
    private <T> T inTransaction(TransactionCallback<T> work) {
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

    /** What one transaction has read: immutable account parts and transfers seen or written so far. */
    private static final class Context {
        final boolean batch;
        final Map<String, LedgerStore.AccountRef> accounts = new HashMap<>();
        final Map<String, Transfer> transfers = new HashMap<>();
        /** Transfers of a batch chain not yet inserted: a chain's rows go in as one multi-row INSERT. */
        final List<Transfer> unrecorded = new ArrayList<>();
        /** A batch's account counters, changed in memory and written once at its end; null outside a batch. */
        final Balances balances;
        /** Where counters change: the batch's {@link #balances}, else guarded SQL straight away. */
        final AccountCounters counters;

        Context(LedgerStore store, boolean batch) {
            this.batch = batch;
            this.balances = batch ? new Balances() : null;
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

    /**
     * The counters of the accounts a batch has locked ({@code FOR UPDATE} in {@code prepareBatch}, held
     * to the commit), changed in memory under exactly the guards of {@link LedgerStore#addDebit} and
     * {@link LedgerStore#addCredit} and written back once at the end, instead of one guarded
     * {@code UPDATE} per side of every transfer. A chain that fails is undone here as its savepoint
     * undoes its rows.
     */
    static final class Balances implements AccountCounters {

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

    /** A request whose shape has been checked: required fields there, amounts in range, the kind known. */
    private record Spec(TransferRequest request, TransferKind kind, Long timeoutSeconds) {

        String id() {
            return request.id();
        }

        static Spec of(TransferRequest r, LedgerProperties properties) {
            if (r.id() == null || r.id().isBlank()) {
                throw ApiException.missing("id");
            }
            if (!TRANSFER_ID.matcher(r.id()).matches()) {
                throw ApiException.invalid("id", "A transfer id is 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
            }
            if (r.kind() == null) {
                throw ApiException.missing("kind");
            }
            TransferKind kind = TransferKind.fromWire(r.kind());
            if (kind == null) {
                throw ApiException.invalid("kind", "kind is one of single, pending, post_pending, void_pending.");
            }
            if (r.amount() != null && (r.amount() < 1 || r.amount() > Currencies.MAX_AMOUNT)) {
                throw ApiException.invalid("amount", "amount is a whole number of minor units from 1 to "
                        + Currencies.MAX_AMOUNT + ".");
            }
            if (r.currency() != null && !Currencies.isSupported(r.currency())) {
                throw ApiException.invalid("currency", "Unsupported currency: " + r.currency() + ".");
            }
            if (kind.resolvesPending()) {
                if (r.pendingId() == null) {
                    throw ApiException.missing("pendingId");
                }
                if (r.timeoutSeconds() != null) {
                    throw ApiException.invalid("timeoutSeconds", "Only a pending transfer has a timeout.");
                }
                return new Spec(r, kind, null);
            }
            if (r.pendingId() != null) {
                throw ApiException.invalid("pendingId", "Only post_pending and void_pending name a pending transfer.");
            }
            for (String[] field : new String[][] {{"debitAccountId", r.debitAccountId()},
                    {"creditAccountId", r.creditAccountId()}, {"currency", r.currency()}}) {
                if (field[1] == null || field[1].isBlank()) {
                    throw ApiException.missing(field[0]);
                }
            }
            if (r.amount() == null) {
                throw ApiException.missing("amount");
            }
            if (r.debitAccountId().equals(r.creditAccountId())) {
                throw ApiException.invalid("creditAccountId", "The debit and credit accounts must differ.");
            }
            Long timeout = null;
            if (kind == TransferKind.PENDING) {
                long max = properties.maxHoldTimeout().toSeconds();
                timeout = r.timeoutSeconds() == null ? properties.defaultHoldTimeout().toSeconds() : r.timeoutSeconds();
                if (timeout < 1 || timeout > max) {
                    throw ApiException.invalid("timeoutSeconds", "timeoutSeconds is from 1 to " + max + ".");
                }
            } else if (r.timeoutSeconds() != null) {
                throw ApiException.invalid("timeoutSeconds", "Only a pending transfer has a timeout.");
            }
            return new Spec(r, kind, timeout);
        }
    }
}

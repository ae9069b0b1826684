package io.paycloud.payment.support;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.payment.ledger.LedgerClient;
import io.paycloud.payment.ledger.LedgerTransfer;
import io.paycloud.payment.ledger.TransferOrder;

/**
 * An in-memory double of account-service's ledger with its semantics (holds, posts for less, voids,
 * holds that expire, idempotent ids that refuse a replay with other fields, linked batches, wallets that
 * may not go negative, accounts in one currency) and injectable faults: the call is refused before it
 * acts, it acts and then the answer is lost, or it times out before it reaches the ledger (unknown to the
 * caller, nothing done). {@code LedgerContract} holds it to the real ledger's
 * answers, status and problem code alike.
 */
public class FakeLedger implements LedgerClient {

    /**
     * {@code CRASH}: the ledger acts, then the caller fails before it hears back with an error that is not
     * a transport one (its process dying, a bug), so the request ends in a 500.
     */
    public enum Fault { UNAVAILABLE, LOST_ANSWER, LOST_REQUEST, CRASH }

    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Set<String> KINDS = Set.of("single", "pending", "post_pending", "void_pending");
    /** account-service's default hold timeout (paycloud.ledger.default-hold-timeout). */
    private static final long DEFAULT_HOLD_SECONDS = 7 * 24 * 3600;

    public static final class Account {
        public long debitsPending, debitsPosted, creditsPending, creditsPosted;
        final boolean limitDebits;
        final String currency;

        Account(boolean limitDebits, String currency) {
            this.limitDebits = limitDebits;
            this.currency = currency;
        }

        public long available() {
            return creditsPosted - debitsPosted - debitsPending;
        }
    }

    private final Clock clock;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, LedgerTransfer> transfers = new LinkedHashMap<>();
    /** The timeout each hold was asked for and when it runs out, as the ledger records them. */
    private final Map<String, Long> timeouts = new HashMap<>();
    private final Map<String, Instant> expiries = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    public final AtomicInteger calls = new AtomicInteger();

    public FakeLedger() {
        this(Clock.systemUTC());
    }

    public FakeLedger(Clock clock) {
        this.clock = clock;
    }

    /** Opens a CNY account. */
    public synchronized void open(String id, boolean limitDebits) {
        open(id, limitDebits, "CNY");
    }

    public synchronized void open(String id, boolean limitDebits, String currency) {
        accounts.put(id, new Account(limitDebits, currency));
    }

    public synchronized void deposit(String id, long amount) {
        accounts.get(id).creditsPosted += amount;
    }

    public synchronized Account account(String id) {
        expireDueHolds();
        return accounts.get(id);
    }

    public synchronized void failNext(Fault fault) {
        faults.add(fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public synchronized Map<String, LedgerTransfer> transfers() {
        expireDueHolds();
        return Map.copyOf(transfers);
    }

    /** Sum over all accounts of credits minus debits (posted and pending): zero when no money was created. */
    public synchronized long zeroSum() {
        return accounts.values().stream().mapToLong(a -> a.creditsPosted - a.debitsPosted).sum();
    }

    @Override
    public synchronized LedgerTransfer transfer(TransferOrder order) {
        calls.incrementAndGet();
        Fault fault = faults.isEmpty() ? null : faults.remove(0);
        if (fault == Fault.UNAVAILABLE) {
            throw new ServiceUnavailableException("account-service", "down in this test");
        }
        if (fault == Fault.LOST_REQUEST) {
            throw new OutcomeUnknownException("request lost before the ledger saw it", null);
        }
        expireDueHolds();
        LedgerTransfer t = apply(order);
        if (fault == Fault.LOST_ANSWER) {
            throw new OutcomeUnknownException("answer lost", null);
        }
        if (fault == Fault.CRASH) {
            throw new IllegalStateException("the caller failed after the ledger acted");
        }
        return t;
    }

    @Override
    public synchronized List<LedgerTransfer> linkedBatch(List<TransferOrder> orders) {
        calls.incrementAndGet();
        Fault fault = faults.isEmpty() ? null : faults.remove(0);
        if (fault == Fault.UNAVAILABLE) {
            throw new ServiceUnavailableException("account-service", "down in this test");
        }
        if (fault == Fault.LOST_REQUEST) {
            throw new OutcomeUnknownException("request lost before the ledger saw it", null);
        }
        expireDueHolds();
        // all or nothing: keep copies to go back to
        Map<String, Account> accountsBefore = snapshot();
        Map<String, LedgerTransfer> transfersBefore = new LinkedHashMap<>(transfers);
        Map<String, Long> timeoutsBefore = new HashMap<>(timeouts);
        Map<String, Instant> expiriesBefore = new HashMap<>(expiries);
        List<LedgerTransfer> out = new ArrayList<>();
        try {
            for (TransferOrder o : orders) {
                out.add(apply(o));
            }
        } catch (RemoteProblem e) {
            accounts.clear();
            accounts.putAll(accountsBefore);
            transfers.clear();
            transfers.putAll(transfersBefore);
            timeouts.clear();
            timeouts.putAll(timeoutsBefore);
            expiries.clear();
            expiries.putAll(expiriesBefore);
            throw e;
        }
        if (fault == Fault.LOST_ANSWER) {
            throw new OutcomeUnknownException("answer lost", null);
        }
        if (fault == Fault.CRASH) {
            throw new IllegalStateException("the caller failed after the ledger acted");
        }
        return out;
    }

    @Override
    public synchronized Optional<LedgerTransfer> find(String transferId) {
        expireDueHolds();
        return Optional.ofNullable(transfers.get(transferId));
    }

    /** What account-service's expiry job does, done whenever the fake is used. */
    private void expireDueHolds() {
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : List.copyOf(expiries.entrySet())) {
            LedgerTransfer hold = transfers.get(e.getKey());
            if (!now.isBefore(e.getValue()) && "pending".equals(hold.status())) {
                accounts.get(hold.debitAccountId()).debitsPending -= hold.amount();
                accounts.get(hold.creditAccountId()).creditsPending -= hold.amount();
                transfers.put(hold.id(), withStatus(hold, "expired"));
                expiries.remove(e.getKey());
            }
        }
    }

    private LedgerTransfer apply(TransferOrder o) {
        long timeout = checkShape(o);
        LedgerTransfer existing = transfers.get(o.id());
        if (existing != null) {
            requireSame(o, timeout, existing);
            return existing;
        }
        return switch (o.kind()) {
            case "single", "pending" -> create(o, timeout);
            default -> resolve(o);
        };
    }

    /** The checks account-service makes before it looks at any account; the hold timeout it will record. */
    private static long checkShape(TransferOrder o) {
        if (o.id() == null || !TRANSFER_ID.matcher(o.id()).matches()) {
            throw invalid("id", "not a transfer id");
        }
        if (o.kind() == null || !KINDS.contains(o.kind())) {
            throw invalid("kind", "kind is one of single, pending, post_pending, void_pending");
        }
        if (o.amount() != null && o.amount() < 1) {
            throw invalid("amount", "amount is at least 1");
        }
        boolean resolves = o.kind().endsWith("_pending");
        if (resolves) {
            if (o.pendingId() == null) {
                throw new RemoteProblem(400, "parameter_missing", "pendingId", "pendingId is required");
            }
            return 0;
        }
        if (o.pendingId() != null) {
            throw invalid("pendingId", "only post_pending and void_pending name a pending transfer");
        }
        for (String[] field : new String[][] {{"debitAccountId", o.debitAccountId()},
                {"creditAccountId", o.creditAccountId()}, {"currency", o.currency()}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw new RemoteProblem(400, "parameter_missing", field[0], field[0] + " is required");
            }
        }
        if (o.amount() == null) {
            throw new RemoteProblem(400, "parameter_missing", "amount", "amount is required");
        }
        if (o.debitAccountId().equals(o.creditAccountId())) {
            throw invalid("creditAccountId", "the debit and credit accounts must differ");
        }
        if (o.kind().equals("pending")) {
            return o.timeoutSeconds() == null ? DEFAULT_HOLD_SECONDS : o.timeoutSeconds();
        }
        if (o.timeoutSeconds() != null) {
            throw invalid("timeoutSeconds", "only a pending transfer has a timeout");
        }
        return 0;
    }

    private LedgerTransfer create(TransferOrder o, long timeout) {
        Account debit = account(o.debitAccountId(), "debitAccountId");
        Account credit = account(o.creditAccountId(), "creditAccountId");
        if (!debit.currency.equals(o.currency()) || !credit.currency.equals(o.currency())) {
            throw invalid("currency", "the accounts are not in " + o.currency());
        }
        if (debit.limitDebits && debit.available() < o.amount()) {
            throw new RemoteProblem(409, "insufficient_funds", "amount", "not enough funds");
        }
        boolean pending = o.kind().equals("pending");
        if (pending) {
            debit.debitsPending += o.amount();
            credit.creditsPending += o.amount();
            timeouts.put(o.id(), timeout);
            expiries.put(o.id(), clock.instant().plusSeconds(timeout));
        } else {
            debit.debitsPosted += o.amount();
            credit.creditsPosted += o.amount();
        }
        return put(new LedgerTransfer(o.id(), o.kind(), pending ? "pending" : "posted", o.debitAccountId(),
                o.creditAccountId(), o.amount(), o.currency(), null));
    }

    private LedgerTransfer resolve(TransferOrder o) {
        LedgerTransfer hold = transfers.get(o.pendingId());
        if (hold == null) {
            throw new RemoteProblem(404, "resource_missing", "pendingId", "no such hold");
        }
        if (!hold.kind().equals("pending")) {
            throw invalid("pendingId", "not a pending transfer");
        }
        matches("debitAccountId", o.debitAccountId(), hold.debitAccountId());
        matches("creditAccountId", o.creditAccountId(), hold.creditAccountId());
        matches("currency", o.currency(), hold.currency());
        boolean post = o.kind().equals("post_pending");
        long amount = o.amount() == null ? hold.amount() : o.amount();
        if (post && amount > hold.amount()) {
            throw invalid("amount", "more than held");
        }
        if (!post && amount != hold.amount()) {
            throw invalid("amount", "a void releases the whole hold");
        }
        if (!hold.status().equals("pending")) {
            throw new RemoteProblem(409, hold.status().equals("expired") ? "pending_transfer_expired"
                    : "pending_transfer_already_" + hold.status(), "pendingId", "the hold is " + hold.status());
        }
        Account debit = accounts.get(hold.debitAccountId());
        Account credit = accounts.get(hold.creditAccountId());
        debit.debitsPending -= hold.amount();
        credit.creditsPending -= hold.amount();
        if (post) {
            debit.debitsPosted += amount;
            credit.creditsPosted += amount;
        }
        transfers.put(hold.id(), withStatus(hold, post ? "posted" : "voided"));
        expiries.remove(hold.id());
        return put(new LedgerTransfer(o.id(), o.kind(), post ? "posted" : "voided", hold.debitAccountId(),
                hold.creditAccountId(), amount, hold.currency(), hold.id()));
    }

    /** A replay must ask for what was recorded; the first field that differs is named, as account-service does. */
    private void requireSame(TransferOrder o, long timeout, LedgerTransfer t) {
        if (!o.kind().equals(t.kind())) {
            throw exists(t.id(), "kind");
        }
        if (o.kind().endsWith("_pending")) {
            if (!Objects.equals(o.pendingId(), t.pendingId())) {
                throw exists(t.id(), "pendingId");
            }
            differs("debitAccountId", o.debitAccountId(), t.debitAccountId(), t.id());
            differs("creditAccountId", o.creditAccountId(), t.creditAccountId(), t.id());
            long asked = o.amount() != null ? o.amount()
                    : o.kind().equals("post_pending") ? transfers.get(t.pendingId()).amount() : t.amount();
            if (asked != t.amount()) {
                throw exists(t.id(), "amount");
            }
            differs("currency", o.currency(), t.currency(), t.id());
            return;
        }
        differs("debitAccountId", o.debitAccountId(), t.debitAccountId(), t.id());
        differs("creditAccountId", o.creditAccountId(), t.creditAccountId(), t.id());
        if (o.amount() != t.amount()) {
            throw exists(t.id(), "amount");
        }
        differs("currency", o.currency(), t.currency(), t.id());
        if (o.kind().equals("pending") && timeout != timeouts.get(t.id())) {
            throw exists(t.id(), "timeoutSeconds");
        }
    }

    private Account account(String id, String param) {
        Account a = accounts.get(id);
        if (a == null) {
            throw new RemoteProblem(404, "resource_missing", param, "No such account: '" + id + "'.");
        }
        return a;
    }

    private static void matches(String param, String given, String actual) {
        if (given != null && !given.equals(actual)) {
            throw invalid(param, "the pending transfer has " + param + " " + actual);
        }
    }

    private static void differs(String field, String given, String recorded, String id) {
        if (given != null && !given.equals(recorded)) {
            throw exists(id, field);
        }
    }

    private static RemoteProblem exists(String id, String field) {
        return new RemoteProblem(409, "transfer_exists", field,
                "A transfer with id '" + id + "' already exists with a different " + field + ".");
    }

    private static RemoteProblem invalid(String param, String detail) {
        return new RemoteProblem(400, "parameter_invalid", param, detail);
    }

    private static LedgerTransfer withStatus(LedgerTransfer t, String status) {
        return new LedgerTransfer(t.id(), t.kind(), status, t.debitAccountId(), t.creditAccountId(), t.amount(),
                t.currency(), t.pendingId());
    }

    private LedgerTransfer put(LedgerTransfer t) {
        transfers.put(t.id(), t);
        return t;
    }

    private Map<String, Account> snapshot() {
        Map<String, Account> copy = new HashMap<>();
        accounts.forEach((id, a) -> {
            Account c = new Account(a.limitDebits, a.currency);
            c.debitsPending = a.debitsPending;
            c.debitsPosted = a.debitsPosted;
            c.creditsPending = a.creditsPending;
            c.creditsPosted = a.creditsPosted;
            copy.put(id, c);
        });
        return copy;
    }
}

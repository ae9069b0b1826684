package io.paycloud.payment.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.paycloud.payment.ledger.LedgerClient;
import io.paycloud.payment.ledger.LedgerTransfer;
import io.paycloud.payment.ledger.TransferOrder;

/**
 * An in-memory double of account-service's ledger with its semantics (holds, posts for less, voids,
 * idempotent ids, linked batches, wallets that may not go negative) and injectable faults: the call
 * is refused before it acts, or it acts and then the answer is lost.
 */
public class FakeLedger implements LedgerClient {

    public enum Fault { UNAVAILABLE, LOST_ANSWER }

    public static final class Account {
        public long debitsPending, debitsPosted, creditsPending, creditsPosted;
        final boolean limitDebits;

        Account(boolean limitDebits) {
            this.limitDebits = limitDebits;
        }

        public long available() {
            return creditsPosted - debitsPosted - debitsPending;
        }
    }

    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, LedgerTransfer> transfers = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    public final AtomicInteger calls = new AtomicInteger();

    public synchronized void open(String id, boolean limitDebits) {
        accounts.put(id, new Account(limitDebits));
    }

    public synchronized void deposit(String id, long amount) {
        accounts.get(id).creditsPosted += amount;
    }

    public synchronized Account account(String id) {
        return accounts.get(id);
    }

    public synchronized void failNext(Fault fault) {
        faults.add(fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public synchronized Map<String, LedgerTransfer> transfers() {
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
            throw new ServiceUnavailableException("account-service");
        }
        LedgerTransfer t = apply(order);
        if (fault == Fault.LOST_ANSWER) {
            throw new OutcomeUnknownException("answer lost", null);
        }
        return t;
    }

    @Override
    public synchronized List<LedgerTransfer> linkedBatch(List<TransferOrder> orders) {
        calls.incrementAndGet();
        Fault fault = faults.isEmpty() ? null : faults.remove(0);
        if (fault == Fault.UNAVAILABLE) {
            throw new ServiceUnavailableException("account-service");
        }
        // all or nothing: apply on a copy first
        Map<String, Account> accountsBefore = snapshot();
        Map<String, LedgerTransfer> transfersBefore = new LinkedHashMap<>(transfers);
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
            throw e;
        }
        if (fault == Fault.LOST_ANSWER) {
            throw new OutcomeUnknownException("answer lost", null);
        }
        return out;
    }

    @Override
    public synchronized Optional<LedgerTransfer> find(String transferId) {
        return Optional.ofNullable(transfers.get(transferId));
    }

    private LedgerTransfer apply(TransferOrder o) {
        LedgerTransfer existing = transfers.get(o.id());
        if (existing != null) {
            return existing;
        }
        switch (o.kind()) {
            case "single", "pending" -> {
                Account debit = accounts.get(o.debitAccountId());
                Account credit = accounts.get(o.creditAccountId());
                if (debit.limitDebits && debit.available() < o.amount()) {
                    throw new RemoteProblem(409, "insufficient_funds", "amount", "not enough funds");
                }
                boolean pending = o.kind().equals("pending");
                if (pending) {
                    debit.debitsPending += o.amount();
                    credit.creditsPending += o.amount();
                } else {
                    debit.debitsPosted += o.amount();
                    credit.creditsPosted += o.amount();
                }
                return put(new LedgerTransfer(o.id(), o.kind(), pending ? "pending" : "posted", o.debitAccountId(),
                        o.creditAccountId(), o.amount(), o.currency(), null));
            }
            case "post_pending", "void_pending" -> {
                LedgerTransfer hold = transfers.get(o.pendingId());
                if (hold == null) {
                    throw new RemoteProblem(404, "resource_missing", "pendingId", "no such hold");
                }
                if (!hold.status().equals("pending")) {
                    throw new RemoteProblem(409, "pending_transfer_already_" + hold.status(), "pendingId", "done");
                }
                Account debit = accounts.get(hold.debitAccountId());
                Account credit = accounts.get(hold.creditAccountId());
                debit.debitsPending -= hold.amount();
                credit.creditsPending -= hold.amount();
                boolean post = o.kind().equals("post_pending");
                long amount = post ? (o.amount() == null ? hold.amount() : o.amount()) : hold.amount();
                if (post && amount > hold.amount()) {
                    throw new RemoteProblem(400, "parameter_invalid", "amount", "more than held");
                }
                if (post) {
                    debit.debitsPosted += amount;
                    credit.creditsPosted += amount;
                }
                transfers.put(hold.id(), new LedgerTransfer(hold.id(), hold.kind(), post ? "posted" : "voided",
                        hold.debitAccountId(), hold.creditAccountId(), hold.amount(), hold.currency(), null));
                return put(new LedgerTransfer(o.id(), o.kind(), post ? "posted" : "voided", hold.debitAccountId(),
                        hold.creditAccountId(), amount, hold.currency(), hold.id()));
            }
            default -> throw new IllegalArgumentException(o.kind());
        }
    }

    private LedgerTransfer put(LedgerTransfer t) {
        transfers.put(t.id(), t);
        return t;
    }

    private Map<String, Account> snapshot() {
        Map<String, Account> copy = new HashMap<>();
        accounts.forEach((id, a) -> {
            Account c = new Account(a.limitDebits);
            c.debitsPending = a.debitsPending;
            c.debitsPosted = a.debitsPosted;
            c.creditsPending = a.creditsPending;
            c.creditsPosted = a.creditsPosted;
            copy.put(id, c);
        });
        return copy;
    }
}

package io.paycloud.account.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;

import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;

/**
 * The double-entry ledger, the one entry to it for the rest of account-service: accounts and their
 * reads here; writing transfers is {@link Transfers} (request shapes {@link TransferSpec}, a batch's
 * counters {@link BatchBalances}), expiring holds {@link HoldExpiry}, the audit {@link LedgerAudit}, each
 * in {@link LedgerTransactions}. A transaction touches only the rows of its own accounts, so a busy
 * merchant account delays only transfers into that account.
 */
@Service
public class Ledger {

    private final LedgerStore store;
    private final Clock clock;
    private final Transfers transfers;
    private final HoldExpiry expiry;
    private final LedgerAudit audit;

    Ledger(LedgerStore store, PlatformTransactionManager transactions, Clock clock, LedgerProperties properties) {
        this.store = store;
        this.clock = clock;
        LedgerTransactions tx = new LedgerTransactions(transactions);
        this.transfers = new Transfers(store, tx, clock, properties);
        this.expiry = new HoldExpiry(store, tx, clock, properties);
        this.audit = new LedgerAudit(store, clock);
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

    /** Transfers written in {@code [from, to)} after a sequence, oldest first; {@code limit + 1} rows tell whether more follow. */
    public List<LedgerStore.TimedTransfer> between(java.time.Instant from, java.time.Instant to, long afterSeq, int limit) {
        return store.between(from, to, afterSeq, limit);
    }

    /** Every system account: currency → type → account id. */
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
        return transfers.transfer(request);
    }

    /**
     * Records up to {@code maxBatch} transfers in one database transaction. Each linked chain (transfers
     * with {@code linked: true} and the one after the last of them) succeeds or fails as one; unlinked
     * transfers succeed or fail alone. A failed chain is undone through a savepoint.
     */
    public List<BatchResult> batch(List<TransferRequest> requests) {
        return transfers.batch(requests);
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
        return expiry.expireDueHolds();
    }

    public AuditReport audit() {
        return audit.audit();
    }

    private Instant now() {
        return now(clock);
    }

    /** The ledger's clock, to the microsecond the database keeps. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

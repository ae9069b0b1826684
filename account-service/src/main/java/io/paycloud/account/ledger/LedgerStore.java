package io.paycloud.account.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

/**
 * SQL of the ledger. Balances are only ever changed by {@code UPDATE … SET x = x + ?} statements whose
 * {@code WHERE} carries the account's limit, so the database decides under its row lock whether the
 * money is there; Java never reads a balance to write it back.
 */
@Repository
class LedgerStore implements AccountCounters {

    /** Rows per IN (...) list: well under every driver's and server's parameter limits. */
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    /** Immutable account parts by id; accounts are never deleted or changed, so this can never be stale. */
    private final Map<String, AccountRef> refs = new ConcurrentHashMap<>();

    LedgerStore(JdbcTemplate template) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
    }

    /** The parts of an account that never change after it is opened; safe to read without a lock. */
    record AccountRef(String id, String currency, AccountType type, String merchantId, boolean limitDebits,
            boolean limitCredits) {
    }

    void insertAccount(String id, String currency, AccountType type, String merchantId, String ownerId,
            String systemCode, Instant now) {
        jdbc.sql("""
                INSERT INTO account (id, currency, type, merchant_id, owner_id, system_code, limit_debits, limit_credits,
                    debits_pending, debits_posted, credits_pending, credits_posted, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)""")
                .params(id, currency, type.wire(), merchantId, ownerId, systemCode, type.limitDebits() ? 1 : 0,
                        type.limitCredits() ? 1 : 0, Times.toDb(now))
                .update();
    }

    Optional<String> systemAccountId(String systemCode) {
        return jdbc.sql("SELECT id FROM account WHERE system_code = ?").param(systemCode).query(String.class).optional();
    }

    Map<String, AccountRef> accountRefs(Collection<String> ids) {
        Map<String, AccountRef> out = new HashMap<>();
        List<String> all = new ArrayList<>();
        for (String id : ids) {
            AccountRef known = refs.get(id);
            if (known != null) {
                out.put(id, known);
            } else {
                all.add(id);
            }
        }
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            jdbc.sql("SELECT id, currency, type, merchant_id, limit_debits, limit_credits FROM account WHERE id IN (:ids)")
                    .param("ids", chunk)
                    .query((rs, n) -> new AccountRef(rs.getString("id"), rs.getString("currency"),
                            AccountType.fromWire(rs.getString("type")), rs.getString("merchant_id"),
                            rs.getInt("limit_debits") != 0, rs.getInt("limit_credits") != 0))
                    .list()
                    .forEach(a -> out.put(a.id(), a));
        }
        if (refs.size() > 200_000) {
            refs.clear();
        }
        all.stream().map(out::get).filter(java.util.Objects::nonNull).forEach(a -> refs.put(a.id(), a));
        return out;
    }

    /** Locks the accounts in ascending id order: every transaction that locks several does it the same way. */
    /**
     * Locks accounts in the one global order for the rest of the transaction and answers their counters
     * ({@code debitsPending, debitsPosted, creditsPending, creditsPosted}): a batch then changes them in
     * memory under the same guards and writes them back once ({@link #writeBalances}).
     */
    Map<String, long[]> lockAccountsInOrder(List<String> sortedIds) {
        Map<String, long[]> out = new HashMap<>();
        for (int i = 0; i < sortedIds.size(); i += CHUNK) {
            List<String> chunk = sortedIds.subList(i, Math.min(sortedIds.size(), i + CHUNK));
            jdbc.sql("SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM account "
                    + "WHERE id IN (:ids) ORDER BY id FOR UPDATE").param("ids", chunk)
                    .query((ResultSet rs) -> {
                        out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                    });
        }
        return out;
    }

    /** Writes counters computed in memory for accounts this transaction has locked; one round trip. */
    void writeBalances(Map<String, long[]> balances) {
        if (balances.isEmpty()) {
            return;
        }
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(balances.entrySet());
        rows.sort(Map.Entry.comparingByKey());
        template.batchUpdate("UPDATE account SET debits_pending = ?, debits_posted = ?, credits_pending = ?, "
                + "credits_posted = ? WHERE id = ?", rows, 1000, (ps, row) -> {
                    long[] b = row.getValue();
                    ps.setLong(1, b[0]);
                    ps.setLong(2, b[1]);
                    ps.setLong(3, b[2]);
                    ps.setLong(4, b[3]);
                    ps.setString(5, row.getKey());
                });
    }

    /** currency → account id of the accounts an owner holds of one type, in currency-table order. */
    List<String[]> accountsOf(String ownerId, AccountType type) {
        return jdbc.sql("SELECT currency, id FROM account WHERE owner_id = ? AND type = ?").params(ownerId, type.wire())
                .query((rs, n) -> new String[] {rs.getString("currency"), rs.getString("id")}).list();
    }

    Optional<AccountBalance> balance(String id) {
        return jdbc.sql("SELECT * FROM account WHERE id = ?").param(id).query(LedgerStore::balanceRow).optional();
    }

    private static AccountBalance balanceRow(ResultSet rs, int n) throws SQLException {
        long dp = rs.getLong("debits_pending");
        long dpo = rs.getLong("debits_posted");
        long cp = rs.getLong("credits_pending");
        long cpo = rs.getLong("credits_posted");
        long posted = cpo - dpo;
        return new AccountBalance(rs.getString("id"), rs.getString("currency"), rs.getString("type"),
                rs.getString("merchant_id"), rs.getString("owner_id"), posted - dp, cp, posted, dp, dpo, cp, cpo,
                rs.getInt("limit_debits") != 0, rs.getInt("limit_credits") != 0,
                Times.fromDb(rs.getObject("created_at", LocalDateTime.class)));
    }

    // ---- guarded balance changes; each returns whether the row was changed (false = limit reached)

    @Override
    public boolean addDebit(String accountId, long amount, boolean pending, boolean limited) {
        String column = pending ? "debits_pending" : "debits_posted";
        String sql = "UPDATE account SET " + column + " = " + column + " + ? WHERE id = ?"
                + (limited ? " AND debits_pending + debits_posted + ? <= credits_posted" : "");
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param(amount).param(accountId);
        if (limited) {
            spec = spec.param(amount);
        }
        return spec.update() == 1;
    }

    @Override
    public boolean addCredit(String accountId, long amount, boolean pending, boolean limited) {
        String column = pending ? "credits_pending" : "credits_posted";
        String sql = "UPDATE account SET " + column + " = " + column + " + ? WHERE id = ?"
                + (limited ? " AND credits_pending + credits_posted + ? <= debits_posted" : "");
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param(amount).param(accountId);
        if (limited) {
            spec = spec.param(amount);
        }
        return spec.update() == 1;
    }

    /**
     * Resolves a hold on one side: removes {@code held} from pending and adds {@code posted} (≤ held) to
     * posted. Lowers pending+posted, so it can never break a limit and needs no guard.
     */
    @Override
    public void resolveDebit(String accountId, long held, long posted) {
        jdbc.sql("UPDATE account SET debits_pending = debits_pending - ?, debits_posted = debits_posted + ? WHERE id = ?")
                .params(held, posted, accountId).update();
    }

    @Override
    public void resolveCredit(String accountId, long held, long posted) {
        jdbc.sql("UPDATE account SET credits_pending = credits_pending - ?, credits_posted = credits_posted + ? WHERE id = ?")
                .params(held, posted, accountId).update();
    }

    // ---- transfers

    private static final String TRANSFER_COLUMNS = "id, kind, status, debit_account_id, credit_account_id, amount, "
            + "currency, pending_id, timeout_seconds, expires_at, created_at";

    void insertTransfer(Transfer t) {
        jdbc.sql("INSERT INTO transfer (" + TRANSFER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.kind(), t.status(), t.debitAccountId(), t.creditAccountId(), t.amount(), t.currency(),
                        t.pendingId(), t.timeoutSeconds(), Times.toDb(t.expiresAt()), Times.toDb(t.createdAt()))
                .update();
    }

    /** One round trip for many rows (Connector/J rewrites it into a multi-row INSERT). */
    void insertTransfers(List<Transfer> transfers) {
        if (transfers.size() == 1) {
            insertTransfer(transfers.get(0));
            return;
        }
        template.batchUpdate("INSERT INTO transfer (" + TRANSFER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                transfers, 1000, (ps, t) -> {
                    ps.setString(1, t.id());
                    ps.setString(2, t.kind());
                    ps.setString(3, t.status());
                    ps.setString(4, t.debitAccountId());
                    ps.setString(5, t.creditAccountId());
                    ps.setLong(6, t.amount());
                    ps.setString(7, t.currency());
                    ps.setString(8, t.pendingId());
                    ps.setObject(9, t.timeoutSeconds());
                    ps.setString(10, Times.toDb(t.expiresAt()));
                    ps.setString(11, Times.toDb(t.createdAt()));
                });
    }

    Optional<Transfer> transfer(String id) {
        return jdbc.sql("SELECT " + TRANSFER_COLUMNS + " FROM transfer WHERE id = ?").param(id)
                .query(LedgerStore::transferRow).optional();
    }

    Optional<Transfer> lockTransfer(String id) {
        return jdbc.sql("SELECT " + TRANSFER_COLUMNS + " FROM transfer WHERE id = ? FOR UPDATE").param(id)
                .query(LedgerStore::transferRow).optional();
    }

    Map<String, Transfer> transfers(Collection<String> ids, boolean lock) {
        Map<String, Transfer> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            String sql = "SELECT " + TRANSFER_COLUMNS + " FROM transfer WHERE id IN (:ids)"
                    + (lock ? " ORDER BY id FOR UPDATE" : "");
            jdbc.sql(sql).param("ids", chunk).query(LedgerStore::transferRow).list().forEach(t -> out.put(t.id(), t));
        }
        return out;
    }

    /** Moves a hold out of {@code pending}; false when someone else (a post, a void, the expiry job) got there first. */
    boolean resolvePending(String id, String newStatus) {
        return jdbc.sql("UPDATE transfer SET status = ? WHERE id = ? AND status = 'pending'").params(newStatus, id)
                .update() == 1;
    }

    List<String> duePendingIds(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM transfer WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT ?")
                .params(Times.toDb(now), limit).query(String.class).list();
    }

    /** Transfers touching an account, newest first, strictly older than {@code beforeSeq} when given. */
    List<Transfer> statement(String accountId, Long beforeSeq, int limit) {
        String sql = "SELECT " + TRANSFER_COLUMNS + " FROM transfer WHERE (debit_account_id = :acc OR credit_account_id = :acc)"
                + (beforeSeq != null ? " AND seq < :before" : "") + " ORDER BY seq DESC LIMIT :limit";
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("acc", accountId).param("limit", limit);
        if (beforeSeq != null) {
            spec = spec.param("before", beforeSeq);
        }
        return spec.query(LedgerStore::transferRow).list();
    }

    /** Transfers written in {@code [from, to)}, in write order after {@code afterSeq}, for reconciliation. */
    List<TimedTransfer> between(Instant from, Instant to, long afterSeq, int limit) {
        return jdbc.sql("SELECT seq, " + TRANSFER_COLUMNS + " FROM transfer WHERE created_at >= ? AND created_at < ? AND seq > ?"
                        + " ORDER BY seq LIMIT ?")
                .params(Times.toDb(from), Times.toDb(to), afterSeq, limit)
                .query((rs, n) -> new TimedTransfer(rs.getLong("seq"), transferRow(rs, n)))
                .list();
    }

    /** A transfer with its position in the ledger's write order. */
    record TimedTransfer(long sequence, Transfer transfer) {
    }

    /** The statement position of a transfer, if it touches the account. */
    Optional<Long> seqOf(String transferId, String accountId) {
        return jdbc.sql("SELECT seq FROM transfer WHERE id = ? AND (debit_account_id = ? OR credit_account_id = ?)")
                .params(transferId, accountId, accountId).query(Long.class).optional();
    }

    private static Transfer transferRow(ResultSet rs, int n) throws SQLException {
        long timeout = rs.getLong("timeout_seconds");
        Long timeoutSeconds = rs.wasNull() ? null : timeout;
        return new Transfer(rs.getString("id"), rs.getString("kind"), rs.getString("status"),
                rs.getString("debit_account_id"), rs.getString("credit_account_id"), rs.getLong("amount"),
                rs.getString("currency"), rs.getString("pending_id"), timeoutSeconds,
                Times.fromDb(rs.getObject("expires_at", LocalDateTime.class)),
                Times.fromDb(rs.getObject("created_at", LocalDateTime.class)));
    }

    // ---- audit

    record CurrencyTotals(String currency, long debitsPending, long debitsPosted, long creditsPending,
            long creditsPosted, long accounts) {
    }

    List<CurrencyTotals> totalsByCurrency() {
        return jdbc.sql("""
                SELECT currency, SUM(debits_pending) dp, SUM(debits_posted) dpo, SUM(credits_pending) cp,
                       SUM(credits_posted) cpo, COUNT(*) n
                FROM account GROUP BY currency ORDER BY currency""")
                .query((rs, n) -> new CurrencyTotals(rs.getString("currency"), rs.getLong("dp"), rs.getLong("dpo"),
                        rs.getLong("cp"), rs.getLong("cpo"), rs.getLong("n")))
                .list();
    }

    List<AccountBalance> accountsPastLimit() {
        return jdbc.sql("""
                SELECT * FROM account
                WHERE (limit_debits = 1 AND debits_pending + debits_posted > credits_posted)
                   OR (limit_credits = 1 AND credits_pending + credits_posted > debits_posted)
                   OR debits_pending < 0 OR credits_pending < 0
                ORDER BY id""")
                .query(LedgerStore::balanceRow).list();
    }

    /** Sums over the transfers themselves, to cross-check the account counters. */
    record TransferTotals(String currency, long posted, long pending) {
    }

    List<TransferTotals> transferTotalsByCurrency() {
        return jdbc.sql("""
                SELECT currency,
                       SUM(CASE WHEN kind IN ('single', 'post_pending') THEN amount ELSE 0 END) posted,
                       SUM(CASE WHEN kind = 'pending' AND status = 'pending' THEN amount ELSE 0 END) pending
                FROM transfer GROUP BY currency ORDER BY currency""")
                .query((rs, n) -> new TransferTotals(rs.getString("currency"), rs.getLong("posted"), rs.getLong("pending")))
                .list();
    }
}

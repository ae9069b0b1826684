package io.paycloud.gateway.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * Checks, straight from the databases once everything has settled, that no money was lost, created or
 * counted twice. It reads payment-service's and account-service's databases (one MySQL/MariaDB server)
 * and compares them with what the merchants' client saw. Each broken promise becomes a violation line.
 * <p>
 * Transfers are matched to payments and refunds by the prefix of their id, never by the exact id, so a
 * transfer posted under any other name (a retry that invented a new id) is still found and counted.
 */
final class MoneyAudit {

    record Result(List<String> violations, Map<String, Long> figures) {
    }

    private final TestInfrastructure.Database accounts;
    private final String paymentsSchema;

    MoneyAudit(TestInfrastructure.Database accounts, TestInfrastructure.Database payments) {
        this.accounts = accounts;
        this.paymentsSchema = schemaOf(payments.url());
    }

    Result run(ClientView client) throws SQLException {
        List<String> v = new ArrayList<>();
        Map<String, Long> figures = new HashMap<>();
        try (Connection c = DriverManager.getConnection(accounts.url(), accounts.username(), accounts.password())) {
            String p = paymentsSchema + ".payment";
            String r = paymentsSchema + ".refund";

            // 1. zero sum per currency, on the counters and on the transfers themselves
            query(c, """
                    SELECT currency, SUM(debits_posted) - SUM(credits_posted), SUM(debits_pending) - SUM(credits_pending)
                    FROM account GROUP BY currency""", rs -> {
                if (rs.getLong(2) != 0 || rs.getLong(3) != 0) {
                    v.add("zero-sum broken in " + rs.getString(1) + ": posted " + rs.getLong(2) + ", pending " + rs.getLong(3));
                }
            });
            // the counters agree with the transfers that made them
            query(c, """
                    SELECT a.id, a.debits_posted, a.credits_posted,
                      (SELECT COALESCE(SUM(amount),0) FROM transfer t WHERE t.debit_account_id = a.id AND t.kind IN ('single', 'post_pending')),
                      (SELECT COALESCE(SUM(amount),0) FROM transfer t WHERE t.credit_account_id = a.id AND t.kind IN ('single', 'post_pending'))
                    FROM account a""", rs -> {
                if (rs.getLong(2) != rs.getLong(4) || rs.getLong(3) != rs.getLong(5)) {
                    v.add("account " + rs.getString(1) + " counters differ from its posted transfers");
                }
            });

            // 2. no balance past its limit
            query(c, """
                    SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM account
                    WHERE (limit_debits = 1 AND debits_pending + debits_posted > credits_posted)
                       OR (limit_credits = 1 AND credits_pending + credits_posted > debits_posted)
                       OR debits_pending < 0 OR credits_pending < 0 OR debits_posted < 0 OR credits_posted < 0""",
                    rs -> v.add("account " + rs.getString(1) + " is past its limit"));

            // 3. every succeeded payment has exactly one posted capture, of the captured amount
            query(c, "SELECT p.id, p.amount_captured, "
                    + "(SELECT COUNT(*) FROM transfer t WHERE t.pending_id LIKE CONCAT(p.id, '.%') AND t.kind = 'post_pending' AND t.status = 'posted'), "
                    + "(SELECT COALESCE(SUM(amount),0) FROM transfer t WHERE t.pending_id LIKE CONCAT(p.id, '.%') AND t.kind = 'post_pending' AND t.status = 'posted') "
                    + "FROM " + p + " p WHERE p.status = 'succeeded'", rs -> {
                if (rs.getLong(3) != 1) {
                    v.add("payment " + rs.getString(1) + " succeeded with " + rs.getLong(3) + " posted captures");
                } else if (rs.getLong(4) != rs.getLong(2)) {
                    v.add("payment " + rs.getString(1) + " captured " + rs.getLong(2) + " but the ledger posted " + rs.getLong(4));
                }
            });
            Map<String, String> statuses = new HashMap<>();
            query(c, "SELECT id, status FROM " + p, rs -> statuses.put(rs.getString(1), rs.getString(2)));
            figures.put("payments", (long) statuses.size());
            for (String status : List.of("succeeded", "failed", "canceled", "requires_capture", "requires_review",
                    "requires_confirmation", "processing")) {
                figures.put("payments." + status, statuses.values().stream().filter(status::equals).count());
            }
            if (figures.get("payments.processing") > 0) {
                v.add(figures.get("payments.processing") + " payments left half-done in processing");
            }

            // what the client was told is what the books say
            client.payments().forEach((id, seen) -> {
                String now = statuses.get(id);
                if (now == null) {
                    v.add("payment " + id + " answered to the client does not exist");
                } else if (!now.equals(seen) && !("requires_capture".equals(seen) || "requires_review".equals(seen)
                        || "requires_confirmation".equals(seen) || "processing".equals(seen))) {
                    // an answer of a state that may still move on is no promise; a final one is
                    v.add("payment " + id + " was " + seen + " to the client but is " + now);
                }
            });

            // 4. a failed or canceled payment moved no money and holds nothing
            query(c, "SELECT p.id, p.status, "
                    + "(SELECT COUNT(*) FROM transfer t WHERE t.id LIKE CONCAT(p.id, '.%') AND t.status = 'posted' AND t.kind <> 'void_pending'), "
                    + "(SELECT COUNT(*) FROM transfer t WHERE t.id LIKE CONCAT(p.id, '.%') AND t.kind = 'pending' AND t.status = 'pending') "
                    + "FROM " + p + " p WHERE p.status IN ('failed', 'canceled')", rs -> {
                if (rs.getLong(3) > 0) {
                    v.add("payment " + rs.getString(1) + " is " + rs.getString(2) + " but moved money (" + rs.getLong(3) + " transfers)");
                }
                if (rs.getLong(4) > 0) {
                    v.add("payment " + rs.getString(1) + " is " + rs.getString(2) + " but still holds money");
                }
            });
            // a hold still open belongs to a payment that may still be captured
            query(c, "SELECT t.id, t.amount, p.status, p.amount_capturable FROM transfer t LEFT JOIN " + p
                    + " p ON t.id = CONCAT(p.id, '.auth') WHERE t.kind = 'pending' AND t.status = 'pending'", rs -> {
                String status = rs.getString(3);
                if (!"requires_capture".equals(status) && !"requires_review".equals(status)) {
                    v.add("hold " + rs.getString(1) + " is open for a payment in " + status);
                }
            });

            // 5. refunds never exceed captures, and the ledger moved exactly what the refunds say
            query(c, "SELECT p.id, p.amount_captured, p.amount_refunded, "
                    + "(SELECT COALESCE(SUM(amount),0) FROM " + r + " x WHERE x.payment_id = p.id AND x.status = 'succeeded'), "
                    + "(SELECT COALESCE(SUM(t.amount),0) FROM " + r + " x JOIN transfer t ON t.id LIKE CONCAT(x.id, '.refund%') "
                    + "   WHERE x.payment_id = p.id AND t.status = 'posted') "
                    + "FROM " + p + " p WHERE p.amount_refunded > 0 OR EXISTS (SELECT 1 FROM " + r + " x WHERE x.payment_id = p.id)", rs -> {
                String id = rs.getString(1);
                long captured = rs.getLong(2);
                long refunded = rs.getLong(3);
                if (refunded > captured) {
                    v.add("payment " + id + " refunded " + refunded + " of " + captured + " captured");
                }
                if (rs.getLong(4) != refunded) {
                    v.add("payment " + id + " says " + refunded + " refunded, its succeeded refunds sum to " + rs.getLong(4));
                }
                if (rs.getLong(5) != refunded) {
                    v.add("payment " + id + " refunded " + refunded + " but the ledger paid back " + rs.getLong(5));
                }
                if (rs.getLong(5) > captured) {
                    v.add("payment " + id + ": the ledger paid back " + rs.getLong(5) + ", more than the " + captured + " captured");
                }
            });
            query(c, "SELECT x.id, x.status, (SELECT COUNT(*) FROM transfer t WHERE t.id LIKE CONCAT(x.id, '.%') AND t.status = 'posted') "
                    + "FROM " + r + " x WHERE x.status <> 'succeeded'", rs -> {
                if (rs.getLong(3) > 0) {
                    v.add("refund " + rs.getString(1) + " is " + rs.getString(2) + " but moved money");
                }
            });
            Map<String, String> refundStatuses = new HashMap<>();
            query(c, "SELECT id, status FROM " + r, rs -> refundStatuses.put(rs.getString(1), rs.getString(2)));
            figures.put("refunds", (long) refundStatuses.size());
            figures.put("refunds.pending", refundStatuses.values().stream().filter("pending"::equals).count());
            if (figures.get("refunds.pending") > 0) {
                v.add(figures.get("refunds.pending") + " refunds left pending");
            }
            client.refunds().forEach((id, seen) -> {
                if (!seen.equals("pending") && !seen.equals(refundStatuses.get(id))) {
                    v.add("refund " + id + " was " + seen + " to the client but is " + refundStatuses.get(id));
                }
            });

            // 6. every wallet: what was deposited, less what was captured, plus what was refunded
            query(c, "SELECT a.id, a.credits_posted - a.debits_posted, "
                    + "(SELECT COALESCE(SUM(p.amount_captured - p.amount_refunded),0) FROM " + p + " p WHERE p.payer_account_id = a.id) "
                    + "FROM account a WHERE LOWER(a.type) = 'wallet'", rs -> {
                Long deposited = client.deposits().get(rs.getString(1));
                if (deposited == null) {
                    return;
                }
                long expected = deposited - rs.getLong(3);
                if (rs.getLong(2) != expected) {
                    v.add("wallet " + rs.getString(1) + " holds " + rs.getLong(2) + ", its payments say " + expected);
                }
            });
            // every merchant account: captures less fees, less refunds, plus fees given back
            query(c, "SELECT a.id, a.credits_posted - a.debits_posted, "
                    + "(SELECT COALESCE(SUM(p.amount_captured - p.fee - p.amount_refunded + p.fee_refunded),0) FROM " + p
                    + " p WHERE p.merchant_account_id = a.id) FROM account a WHERE LOWER(a.type) = 'merchant'", rs -> {
                if (rs.getLong(2) != rs.getLong(3)) {
                    v.add("merchant account " + rs.getString(1) + " holds " + rs.getLong(2) + ", its payments say " + rs.getLong(3));
                }
            });
            query(c, "SELECT COALESCE(SUM(amount_captured),0), COALESCE(SUM(amount_refunded),0), COALESCE(SUM(fee - fee_refunded),0) FROM " + p,
                    rs -> {
                        figures.put("captured", rs.getLong(1));
                        figures.put("refunded", rs.getLong(2));
                        figures.put("fees", rs.getLong(3));
                    });
            query(c, "SELECT COUNT(*) FROM transfer", rs -> figures.put("transfers", rs.getLong(1)));
        }
        return new Result(v, figures);
    }

    /** Ledger totals of captures and refunds into and out of a merchant account, for the analytics comparison. */
    Map<String, Long> merchantTotals(String merchantAccount) throws SQLException {
        Map<String, Long> totals = new HashMap<>();
        try (Connection c = DriverManager.getConnection(accounts.url(), accounts.username(), accounts.password());
                PreparedStatement st = c.prepareStatement("""
                        SELECT
                          (SELECT COALESCE(SUM(amount),0) FROM transfer WHERE credit_account_id = ? AND kind = 'post_pending' AND status = 'posted'),
                          (SELECT COALESCE(SUM(amount),0) FROM transfer WHERE debit_account_id = ? AND id LIKE '%.refund%' AND status = 'posted')""")) {
            st.setString(1, merchantAccount);
            st.setString(2, merchantAccount);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                totals.put("gross", rs.getLong(1));
                totals.put("refunded", rs.getLong(2));
            }
        }
        return totals;
    }

    /** Work left unfinished that the janitors will settle: payments in processing, refunds pending. */
    long unsettled() throws SQLException {
        try (Connection c = DriverManager.getConnection(accounts.url(), accounts.username(), accounts.password());
                PreparedStatement st = c.prepareStatement("SELECT (SELECT COUNT(*) FROM " + paymentsSchema
                        + ".payment WHERE status = 'processing') + (SELECT COUNT(*) FROM " + paymentsSchema
                        + ".refund WHERE status = 'pending')");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, Row row) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    private static String schemaOf(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        String path = rest.substring(rest.indexOf('/') + 1);
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}

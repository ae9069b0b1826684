package io.paycloud.payment.refund;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class RefundRepository {

    private final JdbcClient jdbc;

    RefundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code idempotencyKey}: the merchant's key of the request that makes it, or null. */
    void insert(Refund r, String idempotencyKey) {
        jdbc.sql("""
                INSERT INTO refund (id, payment_id, merchant_id, amount, fee_reversed, currency, status, reason,
                  failure_code, created_at, updated_at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.id(), r.paymentId(), r.merchantId(), r.amount(), r.feeReversed(), r.currency(), r.status(),
                        r.reason(), r.failureCode(), Times.db(r.createdAt()), Times.db(r.createdAt()), idempotencyKey)
                .update();
    }

    Optional<Refund> findByIdempotencyKey(String merchantId, String idempotencyKey) {
        return jdbc.sql("SELECT * FROM refund WHERE merchant_id = ? AND idempotency_key = ?")
                .params(merchantId, idempotencyKey).query(this::map).optional();
    }

    /** Moves a pending refund to its outcome; false when it is no longer pending (another actor settled it). */
    boolean settle(String id, String status, String failureCode) {
        return jdbc.sql("UPDATE refund SET status = ?, failure_code = ?, updated_at = ? WHERE id = ? AND status = 'pending'")
                .params(status, failureCode, Times.db(Times.now()), id)
                .update() == 1;
    }

    /** Deletes a refund that is still pending; false when another actor settled it meanwhile. */
    boolean delete(String id) {
        return jdbc.sql("DELETE FROM refund WHERE id = ? AND status = 'pending'").param(id).update() == 1;
    }

    Optional<Refund> find(String id) {
        return jdbc.sql("SELECT * FROM refund WHERE id = ?").param(id).query(this::map).optional();
    }

    List<Refund> list(String merchantId, String paymentId, int limit, String startingAfter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM refund WHERE merchant_id = ?");
        List<Object> params = new ArrayList<>(List.of(merchantId));
        if (paymentId != null) {
            sql.append(" AND payment_id = ?");
            params.add(paymentId);
        }
        if (startingAfter != null) {
            sql.append(" AND id < ?");
            params.add(startingAfter);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    List<Refund> stuck(Instant cutoff, int limit) {
        return jdbc.sql("SELECT * FROM refund WHERE status = 'pending' AND updated_at < ? ORDER BY updated_at LIMIT ?")
                .params(Times.db(cutoff), limit)
                .query(this::map)
                .list();
    }

    /** Claims a stuck refund for this replica's janitor (see PaymentRepository#claim). */
    boolean claim(Refund r, Instant seenUpdatedAt) {
        return jdbc.sql("UPDATE refund SET updated_at = ? WHERE id = ? AND status = 'pending' AND updated_at = ?")
                .params(Times.db(Times.now()), r.id(), Times.db(seenUpdatedAt))
                .update() == 1;
    }

    Instant updatedAt(String id) {
        return jdbc.sql("SELECT updated_at FROM refund WHERE id = ?").param(id)
                .query((rs, n) -> Times.read(rs, "updated_at")).single();
    }

    private Refund map(ResultSet rs, int row) throws SQLException {
        return new Refund(rs.getString("id"), rs.getString("payment_id"), rs.getString("merchant_id"),
                rs.getLong("amount"), rs.getLong("fee_reversed"), rs.getString("currency"), rs.getString("status"),
                rs.getString("reason"), rs.getString("failure_code"), Times.read(rs, "created_at"));
    }
}

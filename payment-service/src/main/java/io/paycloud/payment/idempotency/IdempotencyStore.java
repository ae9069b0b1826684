package io.paycloud.payment.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;

/**
 * Idempotency records in the payments database: the database decides, so two replicas receiving the
 * same key at once agree on which one runs the request.
 */
@Component
class IdempotencyStore {

    /** How long a record is kept: at least the 24 h DESIGN.md promises. */
    static final Duration RETENTION = Duration.ofHours(24);

    sealed interface Begin {
    }

    record Proceed() implements Begin {
    }

    record Replay(int status, String body) implements Begin {
    }

    record Mismatch() implements Begin {
    }

    record InFlight() implements Begin {
    }

    private record Row(String hash, String state, Integer status, String body, Instant lockedUntil) {
    }

    private final JdbcClient jdbc;
    private final Duration lease;

    IdempotencyStore(JdbcClient jdbc, @org.springframework.beans.factory.annotation.Value(
            "${paycloud.idempotency.lease:60s}") Duration lease) {
        this.jdbc = jdbc;
        this.lease = lease;
    }

    Begin begin(String scope, String key, String hash) {
        Instant now = Times.now();
        try {
            jdbc.sql("""
                    INSERT INTO idempotency_record (merchant_id, idempotency_key, request_hash, state, locked_until,
                      created_at, expires_at) VALUES (?, ?, ?, 'in_flight', ?, ?, ?)""")
                    .params(scope, key, hash, Times.db(now.plus(lease)), Times.db(now), Times.db(now.plus(RETENTION)))
                    .update();
            return new Proceed();
        } catch (DuplicateKeyException e) {
            Optional<Row> row = find(scope, key);
            if (row.isEmpty()) {
                // expired and deleted between our insert and read: try once more
                return begin(scope, key, hash);
            }
            Row r = row.get();
            if (!r.hash().equals(hash)) {
                return new Mismatch();
            }
            if ("done".equals(r.state())) {
                return new Replay(r.status(), r.body());
            }
            if (r.lockedUntil().isAfter(now)) {
                return new InFlight();
            }
            // the request that held the key died mid-way; every step it took is safe to repeat
            int taken = jdbc.sql("""
                    UPDATE idempotency_record SET locked_until = ? WHERE merchant_id = ? AND idempotency_key = ?
                      AND state = 'in_flight' AND locked_until = ?""")
                    .params(Times.db(now.plus(lease)), scope, key, Times.db(r.lockedUntil()))
                    .update();
            return taken == 1 ? new Proceed() : new InFlight();
        }
    }

    void complete(String scope, String key, int status, String body) {
        jdbc.sql("""
                UPDATE idempotency_record SET state = 'done', response_status = ?, response_body = ?
                WHERE merchant_id = ? AND idempotency_key = ?""")
                .params(status, body, scope, key)
                .update();
    }

    /** Forgets a key whose request failed on our side, so the client's retry runs it again. */
    void abandon(String scope, String key) {
        jdbc.sql("DELETE FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ? AND state = 'in_flight'")
                .params(scope, key)
                .update();
    }

    int expire(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_record WHERE expires_at < ?").param(Times.db(now)).update();
    }

    private Optional<Row> find(String scope, String key) {
        return jdbc.sql("""
                SELECT request_hash, state, response_status, response_body, locked_until FROM idempotency_record
                WHERE merchant_id = ? AND idempotency_key = ?""")
                .params(scope, key)
                .query((rs, n) -> {
                    int status = rs.getInt("response_status");
                    Integer s = rs.wasNull() ? null : status;
                    return new Row(rs.getString("request_hash"), rs.getString("state"), s,
                            rs.getString("response_body"), Times.read(rs, "locked_until"));
                })
                .optional();
    }
}

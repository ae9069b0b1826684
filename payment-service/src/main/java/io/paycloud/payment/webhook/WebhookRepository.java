package io.paycloud.payment.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class WebhookRepository {

    /** An endpoint as stored: its signing secret sealed ({@link WebhookSecrets}). */
    record Endpoint(String id, String merchantId, String url, List<String> enabledEvents, String sealedSecret, Instant createdAt) {

        boolean wants(String type) {
            return enabledEvents.contains("*") || enabledEvents.contains(type);
        }
    }

    record Delivery(String id, String endpointId, String eventId, long eventSequence, String status, int attempts,
            Instant nextAttemptAt) {
    }

    record Attempt(String eventId, int attempt, String status, Integer httpStatus, long durationMs, Instant nextAttemptAt) {
    }

    private final JdbcClient jdbc;

    WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Endpoint e) {
        jdbc.sql("INSERT INTO webhook_endpoint (id, merchant_id, url, enabled_events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(e.id(), e.merchantId(), e.url(), String.join(",", e.enabledEvents()), e.sealedSecret(), Times.db(e.createdAt()))
                .update();
    }

    Optional<Endpoint> endpoint(String id) {
        return jdbc.sql("SELECT * FROM webhook_endpoint WHERE id = ? AND deleted = 0").param(id).query(this::mapEndpoint).optional();
    }

    List<Endpoint> endpoints(String merchantId) {
        return jdbc.sql("SELECT * FROM webhook_endpoint WHERE merchant_id = ? AND deleted = 0 ORDER BY id DESC")
                .param(merchantId).query(this::mapEndpoint).list();
    }

    /** Replaces a stored secret by its sealed form, unless it changed meanwhile. */
    void replaceSecret(String id, String stored, String sealed) {
        jdbc.sql("UPDATE webhook_endpoint SET secret = ? WHERE id = ? AND secret = ?").params(sealed, id, stored).update();
    }

    boolean delete(String id) {
        return jdbc.sql("UPDATE webhook_endpoint SET deleted = 1 WHERE id = ? AND deleted = 0").param(id).update() == 1;
    }

    /** Locks the relay's cursor row for this transaction: one replica relays at a time. */
    long lockCursor() {
        return jdbc.sql("SELECT last_seq FROM webhook_relay_cursor WHERE id = 1 FOR UPDATE").query(Long.class).single();
    }

    void advanceCursor(long seq) {
        jdbc.sql("UPDATE webhook_relay_cursor SET last_seq = ? WHERE id = 1").param(seq).update();
    }

    void insertDelivery(Delivery d, Instant now) {
        jdbc.sql("""
                INSERT INTO webhook_delivery (id, endpoint_id, event_id, event_sequence, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)""")
                .params(d.id(), d.endpointId(), d.eventId(), d.eventSequence(), Times.db(d.nextAttemptAt()), Times.db(now))
                .update();
    }

    List<Delivery> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT * FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at LIMIT ?""")
                .params(Times.db(now), limit).query(this::mapDelivery).list();
    }

    long dueCount(Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= ?")
                .param(Times.db(now)).query(Long.class).single();
    }

    /** Takes a due delivery for this replica by pushing its time forward; exactly one claimant wins. */
    boolean claim(Delivery d, Instant leaseUntil) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET next_attempt_at = ?
                WHERE id = ? AND status = 'pending' AND next_attempt_at = ?""")
                .params(Times.db(leaseUntil), d.id(), Times.db(d.nextAttemptAt())).update() == 1;
    }

    void recordAttempt(Delivery d, int attempt, String status, Integer httpStatus, long durationMs, Instant next, Instant now) {
        jdbc.sql("UPDATE webhook_delivery SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?")
                .params(next == null ? status : "pending", attempt, Times.db(next), d.id()).update();
        jdbc.sql("""
                INSERT INTO webhook_attempt (delivery_id, endpoint_id, event_id, attempt, status, http_status, duration_ms,
                  next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.id(), d.endpointId(), d.eventId(), attempt, status, httpStatus, durationMs, Times.db(next), Times.db(now))
                .update();
    }

    Optional<Delivery> delivery(String endpointId, String eventId) {
        return jdbc.sql("SELECT * FROM webhook_delivery WHERE endpoint_id = ? AND event_id = ?")
                .params(endpointId, eventId).query(this::mapDelivery).optional();
    }

    void resend(String deliveryId, Instant now) {
        jdbc.sql("UPDATE webhook_delivery SET status = 'pending', next_attempt_at = ? WHERE id = ?")
                .params(Times.db(now), deliveryId).update();
    }

    List<Attempt> attempts(String endpointId, int limit) {
        return jdbc.sql("SELECT * FROM webhook_attempt WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?")
                .params(endpointId, limit)
                .query((rs, n) -> {
                    // no HTTP answer at all (refused, timed out): null, not 0
                    int http = rs.getInt("http_status");
                    Integer httpStatus = rs.wasNull() ? null : http;
                    return new Attempt(rs.getString("event_id"), rs.getInt("attempt"), rs.getString("status"),
                            httpStatus, rs.getLong("duration_ms"), Times.read(rs, "next_attempt_at"));
                })
                .list();
    }

    private Endpoint mapEndpoint(ResultSet rs, int n) throws SQLException {
        return new Endpoint(rs.getString("id"), rs.getString("merchant_id"), rs.getString("url"),
                Arrays.asList(rs.getString("enabled_events").split(",")), rs.getString("secret"), Times.read(rs, "created_at"));
    }

    private Delivery mapDelivery(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getString("id"), rs.getString("endpoint_id"), rs.getString("event_id"),
                rs.getLong("event_sequence"), rs.getString("status"), rs.getInt("attempts"), Times.read(rs, "next_attempt_at"));
    }
}

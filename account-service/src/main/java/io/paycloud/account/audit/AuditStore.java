package io.paycloud.account.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

/** SQL of the audit trail. Rows are only ever inserted; nothing here updates or deletes an event. */
@Repository
class AuditStore {

    private static final String COLUMNS = "seq, id, occurred_at, actor, actor_roles, action, object_id, request_body, "
            + "outcome, request_id, client_address, prev_hash, hash";

    private final JdbcClient jdbc;

    AuditStore(JdbcTemplate template) {
        this.jdbc = JdbcClient.create(template);
    }

    /** The end of the chain: the last event's sequence and hash (0 and {@link AuditHash#GENESIS} when empty). */
    record Head(long sequence, String hash) {
    }

    /** Locks the head row for the rest of the transaction: appends from every replica wait here in turn. */
    Head lockHead() {
        return jdbc.sql("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
    }

    Head head() {
        return jdbc.sql("SELECT seq, hash FROM audit_chain_head WHERE id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
    }

    void insert(AuditEvent e) {
        jdbc.sql("INSERT INTO audit_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.sequence(), e.id(), Times.toDb(e.occurredAt()), e.actor(), AuditHash.roles(e.actorRoles()),
                        e.action(), e.objectId(), e.requestBody(), e.outcome(), e.requestId(), e.clientAddress(),
                        e.prevHash(), e.hash())
                .update();
    }

    void moveHead(Head head) {
        jdbc.sql("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1").params(head.sequence(), head.hash()).update();
    }

    /** The highest sequence in the table, 0 when it is empty. */
    long lastSequence() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM audit_events").query(Long.class).single();
    }

    Optional<Long> sequenceOf(String id) {
        return jdbc.sql("SELECT seq FROM audit_events WHERE id = ?").param(id).query(Long.class).optional();
    }

    /** Matching events with {@code after < seq <= upTo}, oldest first. */
    List<AuditEvent> oldestFirst(AuditFilter filter, long after, long upTo, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params) + " AND seq > :after AND seq <= :upTo";
        params.put("after", after);
        params.put("upTo", upTo);
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_events WHERE " + where + " ORDER BY seq LIMIT " + limit)
                .params(params).query(AuditStore::event).list();
    }

    /** Matching events with {@code seq < before} (all when null), newest first. */
    List<AuditEvent> newestFirst(AuditFilter filter, Long before, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params);
        if (before != null) {
            where += " AND seq < :before";
            params.put("before", before);
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_events WHERE " + where + " ORDER BY seq DESC LIMIT " + limit)
                .params(params).query(AuditStore::event).list();
    }

    private static String where(AuditFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>(List.of("1 = 1"));
        if (filter.from() != null) {
            conditions.add("occurred_at >= :from");
            params.put("from", Times.toDb(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("occurred_at < :to");
            params.put("to", Times.toDb(filter.to()));
        }
        if (filter.actor() != null) {
            conditions.add("actor = :actor");
            params.put("actor", filter.actor());
        }
        if (filter.object() != null) {
            conditions.add("object_id = :object");
            params.put("object", filter.object());
        }
        return String.join(" AND ", conditions);
    }

    /**
     * The column's text as a list that joins back to exactly that text (split keeps empty parts), so the
     * verifier hashes what is stored, not a tidied copy.
     */
    private static List<String> roles(String column) {
        return column.isEmpty() ? List.of() : List.of(column.split(",", -1));
    }

    private static AuditEvent event(ResultSet rs, int n) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), rs.getString("id"),
                Times.fromDb(rs.getObject("occurred_at", LocalDateTime.class)), rs.getString("actor"),
                roles(rs.getString("actor_roles")), rs.getString("action"),
                rs.getString("object_id"), rs.getString("request_body"), rs.getString("outcome"),
                rs.getString("request_id"), rs.getString("client_address"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}

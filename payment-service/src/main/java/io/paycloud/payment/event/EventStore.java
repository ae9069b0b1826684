package io.paycloud.payment.event;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox. {@link #append} joins the caller's transaction, so an event exists exactly
 * when the change it describes was committed. {@code sequence} orders all events; {@code objectSequence}
 * orders one object's events and is unique with the object id.
 */
@Component
public class EventStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String merchantId, String type, String objectId, int objectSequence, Object object, Instant at) {
        jdbc.sql("""
                INSERT INTO event (id, merchant_id, type, object_id, object_sequence, data, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Ids.newId("evt"), merchantId, type, objectId, objectSequence, json.writeValueAsString(object),
                        Times.db(at))
                .update();
    }

    /** One merchant's events after a sequence, oldest first; fetches {@code limit + 1} to tell whether more follow. */
    List<EventResponse> forMerchant(String merchantId, long after, int limit) {
        return jdbc.sql("""
                SELECT sequence, id, type, object_sequence, data, created_at FROM event
                WHERE merchant_id = ? AND sequence > ? ORDER BY sequence LIMIT ?""")
                .params(merchantId, after, limit + 1)
                .query((rs, n) -> map(rs))
                .list();
    }

    /**
     * Every merchant's events after a sequence, for analytics and the webhook relay, which read it with a
     * cursor and never look back. Sequence numbers are taken when a row is inserted but become visible
     * when its transaction commits, so a reader must not move past one that may still appear. The feed
     * is therefore a prefix: it stops at the first event younger than {@code settledBefore}, and at the
     * first hole in the sequence (a transaction still running, or one that rolled back) until the event
     * after the hole is older than {@link #GAP_PATIENCE}.
     */
    public List<FeedEvent> feed(long after, int limit, Instant settledBefore) {
        List<FeedEvent> rows = jdbc.sql("""
                SELECT sequence, id, merchant_id, type, object_id, object_sequence, data, created_at FROM event
                WHERE sequence > ? ORDER BY sequence LIMIT ?""")
                .params(after, limit + 1)
                .query((rs, n) -> new FeedEvent(rs.getLong("sequence"), rs.getString("id"), rs.getString("merchant_id"),
                        rs.getString("type"), rs.getString("object_id"), rs.getInt("object_sequence"),
                        Times.read(rs, "created_at").toString(), json.readTree(rs.getString("data"))))
                .list();
        return settledPrefix(rows, after, settledBefore, settledBefore.minus(GAP_PATIENCE));
    }

    /** How long a hole in the sequence holds the feed back before it is taken for a rolled-back insert. */
    static final java.time.Duration GAP_PATIENCE = java.time.Duration.ofSeconds(15);

    static List<FeedEvent> settledPrefix(List<FeedEvent> rows, long after, Instant settledBefore, Instant gapsClosedBefore) {
        long expected = after + 1;
        int n = 0;
        for (FeedEvent e : rows) {
            Instant created = Instant.parse(e.createdAt());
            if (!created.isBefore(settledBefore)) {
                break;
            }
            if (e.sequence() != expected && after > 0 && !created.isBefore(gapsClosedBefore)) {
                break;
            }
            expected = e.sequence() + 1;
            n++;
        }
        return n == rows.size() ? rows : List.copyOf(rows.subList(0, n));
    }

    private EventResponse map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EventResponse(rs.getString("id"), rs.getString("type"), rs.getLong("sequence"),
                rs.getInt("object_sequence"), Times.read(rs, "created_at").toString(),
                new EventResponse.Data(json.readTree(rs.getString("data"))));
    }

    /** An event of the internal feed, with the merchant it belongs to. */
    public record FeedEvent(long sequence, String id, String merchantId, String type, String objectId,
            int objectSequence, String createdAt, tools.jackson.databind.JsonNode data) {

        /** The event as merchants see it (API and webhooks). */
        public EventResponse toResponse() {
            return new EventResponse(id, type, sequence, objectSequence, createdAt, new EventResponse.Data(data));
        }
    }

    /** One event by id, for re-sending it. */
    public java.util.Optional<FeedEvent> byId(String id) {
        return jdbc.sql("""
                SELECT sequence, id, merchant_id, type, object_id, object_sequence, data, created_at FROM event
                WHERE id = ?""")
                .param(id)
                .query((rs, n) -> new FeedEvent(rs.getLong("sequence"), rs.getString("id"), rs.getString("merchant_id"),
                        rs.getString("type"), rs.getString("object_id"), rs.getInt("object_sequence"),
                        Times.read(rs, "created_at").toString(), json.readTree(rs.getString("data"))))
                .optional();
    }
}

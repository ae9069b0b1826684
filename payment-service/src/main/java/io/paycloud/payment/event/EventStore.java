package io.paycloud.payment.event;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.common.id.Ids;
import io.paycloud.payment.support.Times;
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
     * Every merchant's events after a sequence, for analytics. Only events older than {@code settle}
     * are served, so a transaction that took a sequence number but commits a moment later is not
     * skipped by a reader that has already moved past it.
     */
    public List<FeedEvent> feed(long after, int limit, Instant settledBefore) {
        return jdbc.sql("""
                SELECT sequence, id, merchant_id, type, object_id, object_sequence, data, created_at FROM event
                WHERE sequence > ? AND created_at < ? ORDER BY sequence LIMIT ?""")
                .params(after, Times.db(settledBefore), limit + 1)
                .query((rs, n) -> new FeedEvent(rs.getLong("sequence"), rs.getString("id"), rs.getString("merchant_id"),
                        rs.getString("type"), rs.getString("object_id"), rs.getInt("object_sequence"),
                        Times.read(rs, "created_at").toString(), json.readTree(rs.getString("data"))))
                .list();
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

package io.paycloud.analytics.feed;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;

/** The consumer's position in the feed and the lease that picks the replica that consumes. */
@Component
class FeedCursor {

    static final String NAME = "payment-events";

    private final JdbcClient jdbc;

    FeedCursor(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Position(long lastSequence, Instant lastEventAt) {
    }

    /**
     * Claims or renews the lease with a guarded UPDATE: it succeeds for the owner, or for anyone once
     * the owner's lease ran out (a replica that died). Correctness does not rest on it (see {@link #lock}).
     */
    boolean claimLease(String owner, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE feed_cursor SET lease_owner = ?, lease_until = ?
                WHERE name = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)""")
                .params(owner, Times.db(until), NAME, owner, Times.db(now))
                .update() == 1;
    }

    void releaseLease(String owner) {
        jdbc.sql("UPDATE feed_cursor SET lease_owner = NULL, lease_until = NULL WHERE name = ? AND lease_owner = ?")
                .params(NAME, owner).update();
    }

    Position read() {
        return jdbc.sql("SELECT last_sequence, last_event_at FROM feed_cursor WHERE name = ?").param(NAME)
                .query((rs, n) -> new Position(rs.getLong(1), Times.read(rs, "last_event_at"))).single();
    }

    /**
     * Called inside the batch's transaction. Locks the cursor row for the rest of it: two replicas (say one whose lease
     * lapsed during a long pause) then apply one after the other, and the second sees the first's position.
     */
    Position lock() {
        return jdbc.sql("SELECT last_sequence, last_event_at FROM feed_cursor WHERE name = ? FOR UPDATE").param(NAME)
                .query((rs, n) -> new Position(rs.getLong(1), Times.read(rs, "last_event_at"))).single();
    }

    /** Called inside the batch's transaction: moves the cursor forward, the last statement before it commits. */
    void advance(long lastSequence, Instant lastEventAt, Instant now) {
        if (lastEventAt == null) {
            jdbc.sql("UPDATE feed_cursor SET last_sequence = ?, updated_at = ? WHERE name = ? AND last_sequence <= ?")
                    .params(lastSequence, Times.db(now), NAME, lastSequence).update();
            return;
        }
        jdbc.sql("""
                UPDATE feed_cursor SET last_sequence = ?, last_event_at = ?, updated_at = ?
                WHERE name = ? AND last_sequence <= ?""")
                .params(lastSequence, Times.db(lastEventAt), Times.db(now), NAME, lastSequence)
                .update();
    }
}

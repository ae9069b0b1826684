package io.paycloud.analytics.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.common.time.Times;

/**
 * Applies one page of the feed and advances the cursor in ONE transaction, so after a crash either
 * both happened or neither did. Events at or below the locked cursor, and events already recorded in
 * {@code processed_event} (a replay after the cursor was moved back), are skipped: each event counts
 * exactly once.
 */
@Component
class EventApplier {

    private final FeedCursor cursor;
    private final EventProjection projection;
    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    EventApplier(FeedCursor cursor, EventProjection projection, JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.cursor = cursor;
        this.projection = projection;
        this.jdbc = jdbc;
        this.named = named;
    }

    /** What a batch did: events applied, events skipped as already counted, and the cursor afterwards. */
    record Result(int applied, int skipped, long lastSequence, Instant lastEventAt) {
    }

    @Transactional
    Result apply(List<FeedEvent> page) {
        FeedCursor.Position at = cursor.lock();
        List<FeedEvent> events = new ArrayList<>(page);
        events.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        Set<String> done = alreadyProcessed(events);
        int applied = 0;
        int skipped = 0;
        long last = at.lastSequence();
        Instant lastEventAt = null;
        Instant now = Times.now();
        for (FeedEvent e : events) {
            if (e.sequence() <= at.lastSequence() || !done.add(e.id())) {
                skipped++;
                continue;
            }
            projection.apply(e);
            jdbc.sql("INSERT INTO processed_event (event_id, event_sequence, type, applied_at) VALUES (?, ?, ?, ?)")
                    .params(e.id(), e.sequence(), e.type(), Times.db(now)).update();
            applied++;
            last = Math.max(last, e.sequence());
            lastEventAt = Instant.parse(e.createdAt());
        }
        if (!events.isEmpty()) {
            last = Math.max(last, events.get(events.size() - 1).sequence());
        }
        cursor.advance(last, lastEventAt, now);
        return new Result(applied, skipped, last, lastEventAt != null ? lastEventAt : at.lastEventAt());
    }

    private Set<String> alreadyProcessed(List<FeedEvent> events) {
        if (events.isEmpty()) {
            return new HashSet<>();
        }
        List<String> ids = events.stream().map(FeedEvent::id).toList();
        return new HashSet<>(named.queryForList("SELECT event_id FROM processed_event WHERE event_id IN (:ids)",
                new MapSqlParameterSource("ids", ids), String.class));
    }
}

package io.paycloud.payment.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The feed's readers keep a cursor and never look back, so the feed may only serve events no earlier
 * one can still join. These cases come from a chaos run, where a refund's event (sequence 4724) was
 * stamped 200 ms after the cancel that took sequence 4725, and analytics moved past it for good.
 */
class FeedPrefixTest {

    private static final Instant NOW = Instant.parse("2026-11-26T18:52:35.674Z");
    private static final Instant SETTLED = NOW.minusSeconds(2);
    private static final Instant GAPS_CLOSED = SETTLED.minus(EventStore.GAP_PATIENCE);

    @Test
    void aYoungEventHoldsBackTheOlderOnesAfterIt() {
        List<EventStore.FeedEvent> rows = List.of(
                event(4723, "2026-11-26T18:52:33.485Z"),
                event(4724, "2026-11-26T18:52:33.714Z"), // not yet 2 s old
                event(4725, "2026-11-26T18:52:33.503Z"));
        assertThat(EventStore.settledPrefix(rows, 4722, SETTLED, GAPS_CLOSED)).extracting(EventStore.FeedEvent::sequence)
                .containsExactly(4723L);
    }

    @Test
    void aHoleInTheSequenceHoldsTheFeedUntilItIsOldEnoughToBeARollback() {
        List<EventStore.FeedEvent> young = List.of(event(11, "2026-11-26T18:52:30.000Z"), event(13, "2026-11-26T18:52:31.000Z"));
        assertThat(EventStore.settledPrefix(young, 10, SETTLED, GAPS_CLOSED)).extracting(EventStore.FeedEvent::sequence)
                .containsExactly(11L);
        List<EventStore.FeedEvent> old = List.of(event(11, "2026-11-26T18:52:00.000Z"), event(13, "2026-11-26T18:52:01.000Z"));
        assertThat(EventStore.settledPrefix(old, 10, SETTLED, GAPS_CLOSED)).extracting(EventStore.FeedEvent::sequence)
                .containsExactly(11L, 13L);
    }

    @Test
    void settledEventsWithoutHolesAreServedWhole() {
        List<EventStore.FeedEvent> rows = List.of(event(5, "2026-11-26T18:52:30.000Z"), event(6, "2026-11-26T18:52:31.000Z"),
                event(7, "2026-11-26T18:52:33.600Z"));
        assertThat(EventStore.settledPrefix(rows, 4, SETTLED, GAPS_CLOSED)).hasSize(3);
    }

    private static EventStore.FeedEvent event(long sequence, String createdAt) {
        return new EventStore.FeedEvent(sequence, "evt_" + sequence, "mer_1", "payment.created", "pay_1", 1, createdAt, null);
    }
}

package io.paycloud.analytics.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import io.micrometer.core.instrument.MeterRegistry;
import io.paycloud.analytics.AnalyticsTestSupport;
import io.paycloud.analytics.Simulator;
import io.paycloud.common.id.Ids;
import io.paycloud.common.testsupport.TestTimes;

class FeedConsumerTest extends AnalyticsTestSupport {

    @MockitoSpyBean
    FeedCursor cursor;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void restore() {
        FEED.down = false;
        doCallRealMethod().when(cursor).advance(anyLong(), any(), any());
        jdbc.sql("UPDATE feed_cursor SET lease_owner = NULL, lease_until = NULL").update();
    }

    /** Everything the aggregates hold for one merchant, to compare before and after. */
    private List<Map<String, Object>> state(String merchant) {
        return jdbc.sql("SELECT * FROM hourly_stats WHERE merchant_id = ? ORDER BY currency, hour_start")
                .param(merchant).query().listOfRows();
    }

    private long gross(String merchant) {
        return jdbc.sql("SELECT COALESCE(SUM(gross_amount), 0) FROM hourly_stats WHERE merchant_id = ?")
                .param(merchant).query(Long.class).single();
    }

    @Test
    void replayingTheSameEventsTwiceChangesNothing() {
        String merchant = Ids.newId("mer");
        Instant at = Instant.parse("2026-02-03T09:10:00Z");
        Simulator.Paid p = sim.succeeded(merchant, "CNY", 10_00, 60, at);
        sim.failed(merchant, "CNY", 5_00, "insufficient_funds", "approve", at.plusSeconds(60));
        sim.refund(p, 4_00L, at.plusSeconds(120));
        drain();
        List<Map<String, Object>> once = state(merchant);
        List<Map<String, Object>> breakdown = jdbc.sql("SELECT * FROM hourly_breakdown WHERE merchant_id = ?")
                .param(merchant).query().listOfRows();
        assertThat(gross(merchant)).isEqualTo(10_00);

        // ops move the cursor back to the start: the whole feed is delivered a second time
        long head = jdbc.sql("SELECT last_sequence FROM feed_cursor").query(Long.class).single();
        jdbc.sql("UPDATE feed_cursor SET last_sequence = 0").update();
        drain();
        assertThat(state(merchant)).isEqualTo(once);
        assertThat(jdbc.sql("SELECT * FROM hourly_breakdown WHERE merchant_id = ?").param(merchant).query().listOfRows())
                .isEqualTo(breakdown);
        assertThat(jdbc.sql("SELECT last_sequence FROM feed_cursor").query(Long.class).single()).isEqualTo(head);
    }

    @Test
    void anEventDeliveredAgainUnderANewSequenceIsCountedOnce() {
        String merchant = Ids.newId("mer");
        String payment = Ids.newId("pay");
        Map<String, Object> created = FEED.append(Ids.newId("evt"), merchant, "payment.created", payment, 1,
                "2026-02-03T11:00:00Z", Map.of("id", payment, "amount", 25_00, "currency", "USD",
                        "status", "requires_confirmation", "amountCaptured", 0, "fee", 0,
                        "createdAt", "2026-02-03T11:00:00Z"));
        drain();
        List<Map<String, Object>> once = state(merchant);
        assertThat(once).hasSize(1);
        // the producer sends the event again (a retry after a lost acknowledgement)
        FEED.redeliver(created);
        assertThat(drain()).isZero();
        assertThat(state(merchant)).isEqualTo(once);
    }

    @Test
    void consumerKilledBetweenApplyingAndCommittingRecomputesCorrectly() {
        String merchant = Ids.newId("mer");
        Instant at = Instant.parse("2026-02-04T15:00:00Z");
        sim.succeeded(merchant, "CNY", 100_00, 60, at);
        sim.succeeded(merchant, "CNY", 50_00, 60, at.plusSeconds(5));
        drain();
        long before = jdbc.sql("SELECT last_sequence FROM feed_cursor").query(Long.class).single();

        Simulator.Paid third = sim.succeeded(merchant, "CNY", 7_00, 60, at.plusSeconds(10));
        // the process dies after the events were applied and before the cursor commit
        doThrow(new IllegalStateException("killed")).when(cursor).advance(anyLong(), any(), any());
        assertThat(consumer.poll()).isZero();
        assertThat(lag.snapshot().state()).isEqualTo("failing");
        assertThat(gross(merchant)).isEqualTo(150_00);
        assertThat(jdbc.sql("SELECT last_sequence FROM feed_cursor").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment_fact WHERE payment_id = ?").param(third.id)
                .query(Long.class).single()).isZero();

        doCallRealMethod().when(cursor).advance(anyLong(), any(), any());
        drain();
        assertThat(gross(merchant)).isEqualTo(157_00);
        assertThat(jdbc.sql("SELECT SUM(succeeded_count) FROM hourly_stats WHERE merchant_id = ?").param(merchant)
                .query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT SUM(created_count) FROM hourly_stats WHERE merchant_id = ?").param(merchant)
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void paymentServiceOutageBacksOffAndResumesFromTheCursor() {
        String merchant = Ids.newId("mer");
        FEED.down = true;
        sim.succeeded(merchant, "EUR", 12_34, 60, Instant.parse("2026-02-05T08:00:00Z"));
        assertThat(consumer.poll()).isZero();
        assertThat(lag.snapshot().state()).isEqualTo("payment_service_unavailable");
        int requests = FEED.requests.get();
        // within the backoff the consumer does not call again
        assertThat(consumer.poll()).isZero();
        assertThat(FEED.requests.get()).isEqualTo(requests);

        FEED.down = false;
        drain();
        assertThat(gross(merchant)).isEqualTo(12_34);
        assertThat(lag.snapshot().state()).isEqualTo("caught_up");
    }

    @Test
    void lagGaugesShowEventsAndSecondsBehind() {
        drain();
        String merchant = Ids.newId("mer");
        Instant at = Instant.now().minus(java.time.Duration.ofDays(30));
        for (int i = 0; i < 6; i++) {
            sim.succeeded(merchant, "CNY", 1_00 + i, 60, at.plusSeconds(i));
        }
        // one page of 5 out of 12 events: still behind, by 30 days
        assertThat(consumer.poll()).isEqualTo(5);
        assertThat(meters.get("paycloud.feed.lag.events").gauge().value()).isEqualTo(5);
        assertThat(meters.get("paycloud.feed.lag.seconds").gauge().value()).isBetween(30 * 86400.0 - 100, 30 * 86400.0 + 100);
        drain();
        assertThat(meters.get("paycloud.feed.lag.events").gauge().value()).isZero();
        // caught up, it is the time since the last poll: seconds at most, not the 30 days of before
        assertThat(meters.get("paycloud.feed.lag.seconds").gauge().value()).isLessThan(TestTimes.scaledMillis(5_000) / 1000.0);
        assertThat(meters.get("paycloud.feed.position").gauge().value()).isEqualTo((double) FEED.head());
    }

    @Test
    void onlyTheReplicaHoldingTheLeaseConsumes() {
        drain();
        String merchant = Ids.newId("mer");
        sim.succeeded(merchant, "CNY", 3_00, 60, Instant.parse("2026-02-06T10:00:00Z"));
        jdbc.sql("UPDATE feed_cursor SET lease_owner = 'other-replica', lease_until = ?")
                .param(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1)).update();
        assertThat(consumer.poll()).isZero();
        assertThat(lag.snapshot().state()).isEqualTo("standby");
        // the other replica died: its lease runs out and this one takes over
        jdbc.sql("UPDATE feed_cursor SET lease_until = ?")
                .param(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1)).update();
        drain();
        assertThat(gross(merchant)).isEqualTo(3_00);
    }
}

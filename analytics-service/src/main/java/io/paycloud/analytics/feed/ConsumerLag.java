package io.paycloud.analytics.feed;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How far the consumer is behind payment-service's feed, published as Micrometer gauges
 * ({@code paycloud.feed.lag.events}, {@code paycloud.feed.lag.seconds}, {@code paycloud.feed.position})
 * for Prometheus and the admin console, and read by the dashboard.
 *
 * <p>Events behind is what the last poll saw past the cursor when it had to stop (a lower bound, at
 * most one page: the feed does not tell its head); 0 once a poll reached the end of the feed. Seconds
 * behind is the age of the newest applied event while behind, and while caught up the time since the
 * last successful poll, so it grows while payment-service cannot be reached.
 */
@Component
public class ConsumerLag {

    /** A reading of the lag, for the dashboard. */
    @Schema(name = "ConsumerLag")
    public record Snapshot(long eventsBehind, double secondsBehind,
            @Schema(description = "The last event sequence applied.") long position,
            @Schema(nullable = true) Instant lastEventAt, @Schema(nullable = true) Instant lastPollAt,
            @Schema(allowableValues = {"starting", "caught_up", "catching_up", "standby", "payment_service_unavailable",
                    "failing"}, description = "`standby`: another replica consumes the feed.") String state) {
    }

    private volatile long eventsBehind;
    private volatile boolean caughtUp;
    private volatile long position;
    private volatile Instant lastEventAt;
    private volatile Instant lastPollAt;
    private volatile String state = "starting";

    ConsumerLag(MeterRegistry registry) {
        Gauge.builder("paycloud.feed.lag.events", this, l -> l.eventsBehind)
                .description("Events of payment-service's feed not yet applied (lower bound)").register(registry);
        Gauge.builder("paycloud.feed.lag.seconds", this, ConsumerLag::secondsBehind)
                .description("How far behind the feed the aggregates are").baseUnit("seconds").register(registry);
        Gauge.builder("paycloud.feed.position", this, l -> l.position)
                .description("Sequence of the last event applied").register(registry);
    }

    void polled(long position, Instant lastEventAt, long eventsBehind, Instant now) {
        this.position = position;
        this.lastEventAt = lastEventAt;
        this.eventsBehind = eventsBehind;
        this.caughtUp = eventsBehind == 0;
        this.lastPollAt = now;
        this.state = caughtUp ? "caught_up" : "catching_up";
    }

    void failed(String why) {
        this.state = why;
    }

    double secondsBehind() {
        Instant reference = caughtUp ? lastPollAt : lastEventAt;
        if (reference == null) {
            return lastPollAt == null ? 0 : Duration.between(lastPollAt, Instant.now()).toMillis() / 1000.0;
        }
        return Math.max(0, Duration.between(reference, Instant.now()).toMillis() / 1000.0);
    }

    public Snapshot snapshot() {
        return new Snapshot(eventsBehind, secondsBehind(), position, lastEventAt, lastPollAt, state);
    }
}

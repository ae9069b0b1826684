package io.paycloud.analytics.feed;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paycloud.common.client.ServiceUnavailableException;

/**
 * Polls payment-service's internal feed and applies it page by page. Only the replica holding the
 * lease polls; the others check again every interval and take over when the lease runs out. When
 * payment-service cannot be reached the consumer backs off, doubling the pause up to
 * {@code paycloud.feed.max-backoff}, and carries on from its cursor when it answers again.
 */
@Component
public class FeedConsumer {

    private static final Logger log = LoggerFactory.getLogger(FeedConsumer.class);

    private final PaymentFeedClient feed;
    private final EventApplier applier;
    private final FeedCursor cursor;
    private final FeedProperties properties;
    private final ConsumerLag lag;
    private final Counter applied;
    private final Counter skipped;
    private final String owner;

    private Duration backoff = Duration.ZERO;
    private Instant nextAttempt = Instant.EPOCH;

    FeedConsumer(PaymentFeedClient feed, EventApplier applier, FeedCursor cursor, FeedProperties properties,
            ConsumerLag lag, MeterRegistry registry) {
        this.feed = feed;
        this.applier = applier;
        this.cursor = cursor;
        this.properties = properties;
        this.lag = lag;
        this.applied = Counter.builder("paycloud.feed.events.applied").register(registry);
        this.skipped = Counter.builder("paycloud.feed.events.skipped")
                .description("Events delivered again and ignored").register(registry);
        this.owner = host() + ":" + UUID.randomUUID();
    }

    @Scheduled(fixedDelayString = "${paycloud.feed.interval}", initialDelayString = "${paycloud.feed.interval}")
    void scheduled() {
        if (properties.enabled()) {
            poll();
        }
    }

    /**
     * One poll: claims the lease, then applies pages until the feed has no more or the poll budget is
     * spent. Returns the number of events applied.
     */
    public synchronized int poll() {
        Instant now = Instant.now();
        if (now.isBefore(nextAttempt)) {
            return 0;
        }
        int total = 0;
        Instant deadline = now.plus(properties.pollBudget());
        try {
            if (!cursor.claimLease(owner, now, now.plus(properties.lease()))) {
                lag.failed("standby");
                return 0;
            }
            FeedCursor.Position position = cursor.read();
            while (true) {
                FeedPage page = feed.fetch(position.lastSequence(), properties.batchSize());
                EventApplier.Result result = applier.apply(page.data());
                applied.increment(result.applied());
                skipped.increment(result.skipped());
                total += result.applied();
                position = new FeedCursor.Position(result.lastSequence(), result.lastEventAt());
                boolean more = page.hasMore() && !page.data().isEmpty();
                if (!more || Instant.now().isAfter(deadline)) {
                    lag.polled(position.lastSequence(), position.lastEventAt(), more ? properties.batchSize() : 0,
                            Instant.now());
                    break;
                }
                cursor.claimLease(owner, Instant.now(), Instant.now().plus(properties.lease()));
            }
            backoff = Duration.ZERO;
            nextAttempt = Instant.EPOCH;
        } catch (ServiceUnavailableException e) {
            backOff("payment_service_unavailable");
            log.warn("Event feed unavailable ({}); next attempt in {}", e.getMessage(), backoff);
        } catch (RuntimeException e) {
            // the batch rolled back as a whole (database down, an event it cannot apply): the cursor did not
            // move, so the same events are tried again later; the lag gauges show the feed is stuck
            backOff("failing");
            log.error("Applying the event feed failed; next attempt in {}", backoff, e);
        }
        return total;
    }

    private void backOff(String state) {
        Duration doubled = backoff.multipliedBy(2);
        backoff = backoff.isZero() ? properties.interval()
                : doubled.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : doubled;
        nextAttempt = Instant.now().plus(backoff);
        lag.failed(state);
    }

    @PreDestroy
    void stop() {
        try {
            cursor.releaseLease(owner);
        } catch (RuntimeException e) {
            log.debug("Could not release the feed lease on shutdown", e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}

package io.paycloud.payment.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.payment.event.EventStore;

/**
 * The outbox relay: turns new events into deliveries for every endpoint that wants them, and moves
 * its cursor in the same transaction, so each event is fanned out exactly once. The cursor row is
 * locked for the batch, so several replicas take turns rather than duplicating work.
 */
@Component
class WebhookRelay {

    /** Events this young are left for the next pass (see EventStore#feed). */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final WebhookRepository repository;
    private final EventStore events;
    private final TransactionTemplate tx;

    WebhookRelay(WebhookRepository repository, EventStore events, TransactionTemplate tx) {
        this.repository = repository;
        this.events = events;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${paycloud.webhooks.relay-interval:1s}", initialDelayString = "3s")
    void run() {
        Integer relayed;
        do {
            relayed = tx.execute(status -> relayBatch(500));
        } while (relayed != null && relayed == 500);
    }

    int relayBatch(int limit) {
        long cursor = repository.lockCursor();
        Instant now = Times.now();
        List<EventStore.FeedEvent> batch = events.feed(cursor, limit, now.minus(SETTLE));
        if (batch.size() > limit) {
            batch = batch.subList(0, limit);
        }
        Map<String, List<WebhookRepository.Endpoint>> endpoints = new HashMap<>();
        for (EventStore.FeedEvent e : batch) {
            for (WebhookRepository.Endpoint endpoint : endpoints.computeIfAbsent(e.merchantId(), repository::endpoints)) {
                if (endpoint.wants(e.type())) {
                    repository.insertDelivery(new WebhookRepository.Delivery(Ids.newId("whd"), endpoint.id(), e.id(),
                            e.sequence(), "pending", 0, now), now);
                }
            }
            cursor = e.sequence();
        }
        repository.advanceCursor(cursor);
        return batch.size();
    }
}

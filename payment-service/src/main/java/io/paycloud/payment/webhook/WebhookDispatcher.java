package io.paycloud.payment.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;
import io.paycloud.payment.event.EventStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due deliveries, signed per Standard Webhooks. Any 2xx ends a delivery; anything else is
 * retried on the schedule below (about 62 hours in all, within the promised 3 days), after which the
 * delivery is {@code failed} and can still be retried by hand. A replica sends a delivery only after
 * claiming it, so two replicas never send the same attempt.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** Wait before attempt 2, 3, …: exponential-ish, as the Standard Webhooks reference schedule. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(14),
            Duration.ofHours(20));
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final WebhookRepository repository;
    private final EventStore events;
    private final UrlGuard guard;
    private final JsonMapper json;
    private final WebhookHttp http;
    private final WebhookSecrets secrets;

    WebhookDispatcher(WebhookRepository repository, EventStore events, UrlGuard guard, JsonMapper json, WebhookHttp http,
            WebhookSecrets secrets) {
        this.repository = repository;
        this.events = events;
        this.guard = guard;
        this.json = json;
        this.http = http;
        this.secrets = secrets;
    }

    /** Deliveries due and not yet sent, as of the last pass: {@code paycloud_webhook_backlog}. */
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();

    @org.springframework.beans.factory.annotation.Autowired
    void registerBacklog(io.micrometer.core.instrument.MeterRegistry meters) {
        io.micrometer.core.instrument.Gauge.builder("paycloud.webhook.backlog", backlog, java.util.concurrent.atomic.AtomicLong::get)
                .description("webhook deliveries due and not yet sent").register(meters);
    }

    @Scheduled(fixedDelayString = "${paycloud.webhooks.dispatch-interval:1s}", initialDelayString = "4s")
    void run() {
        Instant now = Times.now();
        backlog.set(repository.dueCount(now));
        for (WebhookRepository.Delivery d : repository.due(now, 20)) {
            if (repository.claim(d, now.plus(LEASE))) {
                send(d);
            }
        }
    }

    private void send(WebhookRepository.Delivery d) {
        int attempt = d.attempts() + 1;
        WebhookRepository.Endpoint endpoint = repository.endpoint(d.endpointId()).orElse(null);
        EventStore.FeedEvent event = events.byId(d.eventId()).orElse(null);
        Instant started = Times.now();
        if (endpoint == null || event == null) {
            repository.recordAttempt(d, attempt, "canceled", null, 0, null, started);
            return;
        }
        // the host's addresses are judged by the connection itself (WebhookHttp), on the one lookup it connects with
        if (guard.formRefusal(endpoint.url()) != null) {
            finish(d, attempt, "blocked", null, 0, started);
            return;
        }
        String secret;
        try {
            secret = secrets.open(endpoint);
        } catch (IllegalStateException e) {
            // sealed under another key (PAYMENT_ENCRYPTION_KEY changed) or altered in the database: nothing
            // is sent unsigned; the attempt fails and is retried on the backoff
            log.error("webhook {}: the signing secret of endpoint {} does not open with this PAYMENT_ENCRYPTION_KEY",
                    event.id(), endpoint.id());
            finish(d, attempt, "failed", null, 0, started);
            return;
        }
        String body = json.writeValueAsString(event.toResponse());
        long timestamp = started.getEpochSecond();
        Integer status = null;
        try {
            status = http.post(endpoint.url(), Map.of(
                    "Content-Type", "application/json",
                    "User-Agent", "PayCloud-Webhooks/1",
                    "webhook-id", event.id(),
                    "webhook-timestamp", String.valueOf(timestamp),
                    "webhook-signature", WebhookSigner.sign(secret, event.id(), timestamp, body)), body);
        } catch (UrlGuard.RefusedHost e) {
            log.info("webhook {} to endpoint {} blocked: {}", event.id(), endpoint.id(), e.getMessage());
            finish(d, attempt, "blocked", null, 0, started);
            return;
        } catch (IOException e) {
            log.info("webhook {} to endpoint {} failed: {}", event.id(), endpoint.id(), e.getClass().getSimpleName());
        }
        long ms = Duration.between(started, Times.now()).toMillis();
        finish(d, attempt, status != null && status >= 200 && status < 300 ? "succeeded" : "failed", status, ms, started);
    }

    private void finish(WebhookRepository.Delivery d, int attempt, String outcome, Integer status, long ms, Instant now) {
        Instant next = null;
        if (!outcome.equals("succeeded") && attempt <= BACKOFF.size()) {
            next = now.plus(BACKOFF.get(attempt - 1));
        }
        repository.recordAttempt(d, attempt, outcome, status, ms, next, Times.now());
    }
}

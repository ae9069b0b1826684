package io.paycloud.payment.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.paycloud.payment.event.EventStore;
import io.paycloud.payment.support.Times;
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
    private final HttpClient http;
    private final WebhookProperties properties;

    WebhookDispatcher(WebhookRepository repository, EventStore events, UrlGuard guard, JsonMapper json,
            WebhookProperties properties) {
        this.repository = repository;
        this.events = events;
        this.guard = guard;
        this.json = json;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        String refusal = guard.refusal(endpoint.url());
        if (refusal != null) {
            finish(d, attempt, "blocked", null, 0, started);
            return;
        }
        String body = json.writeValueAsString(event.toResponse());
        long timestamp = started.getEpochSecond();
        Integer status = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "PayCloud-Webhooks/1")
                    .header("webhook-id", event.id())
                    .header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", WebhookSigner.sign(endpoint.secret(), event.id(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            log.info("webhook {} to endpoint {} failed: {}", event.id(), endpoint.id(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

package io.paycloud.payment.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.ServiceClients;

@Component
class HttpRiskClient implements RiskClient, org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HttpRiskClient.class);
    private static final String SERVICE = "risk-service";

    private final RestClient client;
    private final RemoteCalls calls;
    /** The most outcomes one call carries (risk-service takes up to 500). */
    static final int BATCH = 200;

    /**
     * Outcomes are statistics for the anomaly rule, so they are sent after the merchant has its answer:
     * queued here and sent by one background thread, as many as have gathered in one call (under load a
     * call carries many payments, idle it carries one). When the queue is full (risk-service slow or
     * down) the newest are dropped.
     */
    private final BlockingQueue<Outcome> outcomes = new ArrayBlockingQueue<>(10_000);
    private final Thread sender;
    private volatile boolean stopping;

    @Autowired
    HttpRiskClient(ServiceClients clients, RemoteCalls calls) {
        this(clients.to(SERVICE), calls);
    }

    HttpRiskClient(RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
        this.sender = new Thread(this::sendOutcomes, "risk-outcomes");
        sender.setDaemon(true);
        sender.start();
    }

    /** Sends what is queued, then stops (within about five seconds when risk-service does not answer). */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        sender.join(TimeUnit.SECONDS.toMillis(5));
    }

    @Override
    public Assessment assess(AssessmentRequest request) {
        return calls.once(SERVICE, () -> client.post().uri("/internal/assessments").body(request)
                .retrieve().body(Assessment.class));
    }

    @Override
    public void reportOutcome(Outcome outcome) {
        if (!outcomes.offer(outcome)) {
            log.warn("Outcome queue full; the outcome of {} for risk-service is dropped", outcome.payment());
        }
    }

    private void sendOutcomes() {
        List<Outcome> batch = new ArrayList<>(BATCH);
        while (!stopping || !outcomes.isEmpty()) {
            try {
                Outcome first = outcomes.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outcomes.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Outcome> batch) {
        try {
            calls.idempotent(SERVICE, () -> client.post().uri("/internal/outcomes/batch")
                    .body(Map.of("outcomes", batch)).retrieve().toBodilessEntity());
        } catch (RuntimeException e) {
            // statistics only: lost outcomes make the anomaly rule slightly less informed, never wrong money
            log.warn("Could not report {} outcomes to risk-service: {}", batch.size(), e.getMessage());
        }
    }
}

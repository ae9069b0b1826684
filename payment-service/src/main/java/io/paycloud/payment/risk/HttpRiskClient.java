package io.paycloud.payment.risk;

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
    /**
     * Outcomes are statistics for the anomaly rule, so they are sent after the merchant has its answer,
     * from a small queue; when the queue is full (risk-service slow or down) the newest are dropped.
     */
    private final java.util.concurrent.ThreadPoolExecutor outcomes = new java.util.concurrent.ThreadPoolExecutor(1, 2,
            30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "risk-outcomes");
                t.setDaemon(true);
                return t;
            }, (r, pool) -> log.warn("Outcome queue full; an outcome for risk-service is dropped"));

    @Autowired
    HttpRiskClient(ServiceClients clients, RemoteCalls calls) {
        this(clients.to(SERVICE), calls);
    }

    HttpRiskClient(RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    @Override
    public void destroy() throws InterruptedException {
        outcomes.shutdown();
        outcomes.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public Assessment assess(AssessmentRequest request) {
        return calls.once(SERVICE, () -> client.post().uri("/internal/assessments").body(request)
                .retrieve().body(Assessment.class));
    }

    @Override
    public void reportOutcome(Outcome outcome) {
        outcomes.execute(() -> {
            try {
                calls.idempotent(SERVICE, () -> client.post().uri("/internal/outcomes").body(outcome)
                        .retrieve().toBodilessEntity());
            } catch (RuntimeException e) {
                // statistics only: a lost outcome makes the anomaly rule slightly less informed, never wrong money
                log.warn("Could not report the outcome of {} to risk-service: {}", outcome.payment(), e.getMessage());
            }
        });
    }
}

package io.paycloud.payment.risk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.paycloud.payment.support.RemoteCalls;

@Component
class HttpRiskClient implements RiskClient {

    private static final Logger log = LoggerFactory.getLogger(HttpRiskClient.class);
    private static final String SERVICE = "risk-service";

    private final RestClient client;
    private final RemoteCalls calls;

    HttpRiskClient(@Qualifier("riskServiceClient") RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    @Override
    public Assessment assess(AssessmentRequest request) {
        return calls.once(SERVICE, () -> client.post().uri("/internal/assessments").body(request)
                .retrieve().body(Assessment.class));
    }

    @Override
    public void reportOutcome(Outcome outcome) {
        try {
            calls.idempotent(SERVICE, () -> client.post().uri("/internal/outcomes").body(outcome)
                    .retrieve().toBodilessEntity());
        } catch (RuntimeException e) {
            // statistics only: a lost outcome makes the anomaly rule slightly less informed, never wrong money
            log.warn("Could not report the outcome of {} to risk-service: {}", outcome.payment(), e.getMessage());
        }
    }
}

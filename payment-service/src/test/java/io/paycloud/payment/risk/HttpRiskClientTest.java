package io.paycloud.payment.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.payment.support.ScriptedServer;
import io.paycloud.payment.support.ScriptedServer.Answer;
import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.payment.support.TestRemoteCalls;

/**
 * The risk client against a risk-service that misbehaves on the wire. The payment flow takes its
 * fallback (review, never approve) on exactly three failures, so every way an assessment can go wrong
 * must end in one of them: {@link ServiceUnavailableException}, {@link OutcomeUnknownException} or
 * {@link RemoteProblem}. An assessment counts towards velocity, so it is sent once, never retried;
 * outcomes are statistics, sent in the background, retried, and never fail the payment.
 */
class HttpRiskClientTest {

    private static final Duration READ_TIMEOUT = TestTimes.scaled(Duration.ofSeconds(1));
    private static final RiskClient.AssessmentRequest REQUEST = new RiskClient.AssessmentRequest("pay_1", "mer_1",
            "cus_1", 10_00, "CNY", "none", "a@example.com", "203.0.113.7", "dev_1");
    private static final RiskClient.Outcome OUTCOME = new RiskClient.Outcome("pay_1", "cus_1", 10_00, "CNY", "succeeded");

    private final ScriptedServer riskServer;
    private final HttpRiskClient risk;

    HttpRiskClientTest() throws IOException {
        riskServer = new ScriptedServer();
        risk = new HttpRiskClient(riskServer.client(READ_TIMEOUT), TestRemoteCalls.likeProduction());
    }

    @AfterEach
    void stop() throws InterruptedException {
        risk.destroy();
        riskServer.close();
    }

    @Test
    void anAssessmentIsReadFromTheAnswer() {
        riskServer.answers(Answer.json(200, "{\"id\":\"asm_1\",\"decision\":\"decline\",\"score\":90,"
                + "\"reasons\":[{\"rule\":\"kyc\",\"detail\":\"unverified\"}],\"failureCode\":\"kyc_required\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\"}"));

        RiskClient.Assessment a = risk.assess(REQUEST);

        assertThat(a).isEqualTo(new RiskClient.Assessment("asm_1", "decline", 90,
                List.of(new RiskClient.Reason("kyc", "unverified")), "kyc_required"));
        assertThat(riskServer.requests).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/internal/assessments");
            assertThat(r.body()).contains("\"payment\":\"pay_1\"", "\"amount\":1000");
        });
    }

    @Test
    void anAssessmentAnsweredLateIsAnUnknownOutcomeAndIsNotSentAgain() {
        riskServer.answers(Answer.json(200, "{\"decision\":\"approve\"}").late(READ_TIMEOUT.multipliedBy(4)));
        assertThatThrownBy(() -> risk.assess(REQUEST)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(riskServer.requests).hasSize(1);
    }

    @Test
    void anAssessmentAnswered5xxIsNotSentAgain() {
        riskServer.answers(Answer.json(500, "{\"code\":\"internal_error\"}"));
        assertThatThrownBy(() -> risk.assess(REQUEST)).isInstanceOf(OutcomeUnknownException.class);
        riskServer.answers(Answer.json(503, "{\"code\":\"service_unavailable\"}"));
        assertThatThrownBy(() -> risk.assess(REQUEST)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(riskServer.requests).hasSize(2);
    }

    @Test
    void anAssessmentCutOffOrNotJsonIsAnUnknownOutcome() {
        riskServer.answers(Answer.json(200, "{\"id\":\"asm_1\",\"decision\":\"approve\",\"score\":5}").cutAfter(20));
        assertThatThrownBy(() -> risk.assess(REQUEST)).isInstanceOf(OutcomeUnknownException.class);
        riskServer.answers(Answer.json(200, "<html>proxy error</html>"));
        assertThatThrownBy(() -> risk.assess(REQUEST)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(riskServer.requests).hasSize(2);
    }

    @Test
    void aRefusedAssessmentIsARemoteProblem() {
        riskServer.answers(Answer.json(400, "{\"status\":400,\"code\":\"parameter_invalid\",\"param\":\"currency\","
                + "\"detail\":\"Unsupported currency.\"}"));
        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, () -> risk.assess(REQUEST));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("parameter_invalid");
        assertThat(e.param()).isEqualTo("currency");
        assertThat(riskServer.requests).hasSize(1);
    }

    @Test
    void aRiskServiceThatRefusesConnectionsIsUnavailable() {
        HttpRiskClient nowhere = new HttpRiskClient(ScriptedServer.client(TestInfrastructure.freePort(), READ_TIMEOUT),
                TestRemoteCalls.likeProduction());
        try {
            assertThatThrownBy(() -> nowhere.assess(REQUEST)).isInstanceOf(ServiceUnavailableException.class);
        } finally {
            try {
                nowhere.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void anOutcomeIsSentInTheBackgroundAndRetriedAfterAServerError() throws InterruptedException {
        // slow, but within the read timeout
        riskServer.answers(Answer.json(204, "").late(TestTimes.scaled(Duration.ofMillis(400))));
        long start = System.nanoTime();
        risk.reportOutcome(OUTCOME);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the payment does not wait for risk-service")
                .isLessThan(TestTimes.scaled(Duration.ofMillis(200)));
        await().atMost(TestTimes.scaled(Duration.ofSeconds(5))).until(() -> riskServer.requests.size() == 1);
        Thread.sleep(400);
        assertThat(riskServer.requests).as("answered, so sent once").hasSize(1);

        riskServer.requests.clear();
        riskServer.answers(Answer.json(500, "{}"), Answer.json(204, ""));
        risk.reportOutcome(OUTCOME);
        await().atMost(TestTimes.scaled(Duration.ofSeconds(5))).until(() -> riskServer.requests.size() == 2);
        assertThat(riskServer.requests).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/internal/outcomes/batch");
            assertThat(r.body()).startsWith("{\"outcomes\":[").contains("\"status\":\"succeeded\"");
        });
    }

    @Test
    void outcomesThatGatherWhileACallIsUnderWayGoTogetherEachOnce() throws InterruptedException {
        riskServer.answers(Answer.json(204, "").late(TestTimes.scaled(Duration.ofMillis(300))));
        List<String> payments = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "pay_batch_" + i;
            payments.add(id);
            risk.reportOutcome(new RiskClient.Outcome(id, "cus_1", 10_00, "CNY", "succeeded"));
        }
        await().atMost(TestTimes.scaled(Duration.ofSeconds(10))).until(() -> riskServer.requests.stream()
                .mapToLong(r -> r.body().split("\"payment\":").length - 1).sum() == 50);
        Thread.sleep(400);
        assertThat(riskServer.requests.size()).as("calls for 50 outcomes").isBetween(1, 3);
        List<String> sent = new java.util.ArrayList<>();
        for (var r : riskServer.requests) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"payment\":\"(pay_batch_\\d+)\"").matcher(r.body());
            while (m.find()) {
                sent.add(m.group(1));
            }
        }
        assertThat(sent).containsExactlyInAnyOrderElementsOf(payments);
    }

    @Test
    void anOutcomeRiskNeverTakesIsDroppedWithoutFailingAnything() throws InterruptedException {
        riskServer.answers(Answer.json(500, "{}"));
        risk.reportOutcome(OUTCOME);
        await().atMost(TestTimes.scaled(Duration.ofSeconds(5))).until(() -> riskServer.requests.size() == 3);
        Thread.sleep(200);
        assertThat(riskServer.requests).as("three attempts, then given up").hasSize(3);
    }
}

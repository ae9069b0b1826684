package io.paycloud.payment.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger client against an account-service that misbehaves on the wire. What the payment flow
 * builds on: a retry sends the very same transfer (same id, same fields), so a lost answer never moves
 * money twice; a refusal is a {@link RemoteProblem} with the ledger's own code and is not retried;
 * anything after which the ledger may have acted (a late answer, a 5xx, an answer cut off or unreadable)
 * is an {@link OutcomeUnknownException} for the janitor; only a call that surely did nothing
 * (connection refused, 503) is a {@link ServiceUnavailableException}, which the flow may undo.
 */
class HttpLedgerClientTest {

    private static final Duration READ_TIMEOUT = TestTimes.scaled(Duration.ofMillis(600));
    private static final String TRANSFER = "{\"id\":\"pay_1.fee\",\"kind\":\"single\",\"status\":\"posted\","
            + "\"debitAccountId\":\"acc_m\",\"creditAccountId\":\"acc_f\",\"amount\":30,\"currency\":\"CNY\","
            + "\"pendingId\":null,\"timeoutSeconds\":null,\"expiresAt\":null,\"createdAt\":\"2026-01-01T00:00:00Z\"}";
    private static final TransferOrder FEE = TransferOrder.single("pay_1.fee", "acc_m", "acc_f", 30, "CNY");

    private final JsonMapper json = JsonMapper.builder().build();
    private final ScriptedServer ledgerServer;
    private final HttpLedgerClient ledger;

    HttpLedgerClientTest() throws IOException {
        ledgerServer = new ScriptedServer();
        ledger = new HttpLedgerClient(ledgerServer.client(READ_TIMEOUT), TestRemoteCalls.likeProduction());
    }

    @AfterEach
    void stop() {
        ledgerServer.close();
    }

    @Test
    void aTransferIsReadFromTheLedgersAnswer() {
        ledgerServer.answers(Answer.json(201, TRANSFER));
        assertThat(ledger.transfer(FEE))
                .isEqualTo(new LedgerTransfer("pay_1.fee", "single", "posted", "acc_m", "acc_f", 30, "CNY", null));
        assertThat(ledgerServer.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/internal/transfers");
        });
    }

    @Test
    void aRetryAfterAServerErrorSendsTheSameTransferAgain() {
        ledgerServer.answers(Answer.json(500, "{\"code\":\"internal_error\"}"), Answer.json(502, "bad gateway"),
                Answer.json(200, TRANSFER));

        assertThat(ledger.transfer(FEE).id()).isEqualTo("pay_1.fee");

        assertThat(ledgerServer.requests).hasSize(3);
        assertThat(ledgerServer.bodies()).as("every attempt asks for the same transfer").containsOnly(
                ledgerServer.bodies().get(0));
        assertThat(read(ledgerServer.bodies().get(0)).path("id").asString()).isEqualTo("pay_1.fee");
    }

    @Test
    void anAnswerLaterThanTheReadTimeoutIsAnUnknownOutcomeRetriedUnderTheSameId() {
        ledgerServer.answers(Answer.json(201, TRANSFER).late(READ_TIMEOUT.multipliedBy(4)));

        assertThatThrownBy(() -> ledger.transfer(FEE)).isInstanceOf(OutcomeUnknownException.class);

        assertThat(ledgerServer.requests).hasSize(3);
        assertThat(ledgerServer.bodies()).extracting(b -> read(b).path("id").asString()).containsOnly("pay_1.fee");
    }

    @Test
    void aLateAnswerThenASuccessfulRetryIsTheTransfer() {
        ledgerServer.answers(Answer.json(201, TRANSFER).late(READ_TIMEOUT.multipliedBy(4)), Answer.json(200, TRANSFER));
        assertThat(ledger.transfer(FEE).status()).isEqualTo("posted");
        assertThat(ledgerServer.bodies()).hasSize(2).containsOnly(ledgerServer.bodies().get(0));
    }

    @Test
    void anAnswerCutOffInItsBodyIsAnUnknownOutcome() {
        ledgerServer.answers(Answer.json(201, TRANSFER).cutAfter(40));
        assertThatThrownBy(() -> ledger.transfer(FEE)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(ledgerServer.requests).as("retried, under the same id").hasSize(3);
    }

    @Test
    void anAnswerThatIsNotJsonIsAnUnknownOutcome() {
        ledgerServer.answers(Answer.json(201, "{\"id\":\"pay_1.fee\",\"amount\":"));
        assertThatThrownBy(() -> ledger.transfer(FEE)).isInstanceOf(OutcomeUnknownException.class);
    }

    @Test
    void aServerErrorOnEveryAttemptIsAnUnknownOutcome() {
        ledgerServer.answers(Answer.json(500, "{\"code\":\"internal_error\"}"));
        assertThatThrownBy(() -> ledger.transfer(FEE)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(ledgerServer.requests).hasSize(3);
    }

    @Test
    void a503OnEveryAttemptMeansNothingWasDone() {
        ledgerServer.answers(Answer.json(503, "{\"code\":\"service_unavailable\"}"));
        assertThatThrownBy(() -> ledger.transfer(FEE)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(ledgerServer.requests).hasSize(3);
    }

    @Test
    void a503AfterAnAttemptThatMayHaveActedStaysUnknown() {
        ledgerServer.answers(Answer.json(500, "{}"), Answer.json(503, "{}"));
        assertThatThrownBy(() -> ledger.transfer(FEE)).isInstanceOf(OutcomeUnknownException.class);
    }

    @Test
    void aLedgerThatRefusesConnectionsIsUnavailable() {
        HttpLedgerClient nowhere = new HttpLedgerClient(ScriptedServer.client(TestInfrastructure.freePort(), READ_TIMEOUT),
                TestRemoteCalls.likeProduction());
        assertThatThrownBy(() -> nowhere.transfer(FEE)).isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> nowhere.find("pay_1.auth")).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void aRefusalIsARemoteProblemWithTheLedgersCodeAndIsNotRetried() {
        ledgerServer.answers(Answer.json(409, "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                + "\"code\":\"insufficient_funds\",\"param\":\"amount\","
                + "\"detail\":\"Account acc_m does not have enough available funds.\"}"));

        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, () -> ledger.transfer(FEE));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.code()).isEqualTo("insufficient_funds");
        assertThat(e.param()).isEqualTo("amount");
        assertThat(e.getMessage()).isEqualTo("Account acc_m does not have enough available funds.");
        assertThat(ledgerServer.requests).hasSize(1);
    }

    @Test
    void aRefusalWithoutAProblemDocumentKeepsItsStatus() {
        ledgerServer.answers(Answer.json(400, "<html>Bad Request</html>"));
        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, () -> ledger.transfer(FEE));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isNull();
        assertThat(ledgerServer.requests).hasSize(1);
    }

    @Test
    void aTransferTheLedgerDoesNotKnowIsEmptyButOtherRefusalsAreThrown() {
        ledgerServer.answers(Answer.json(404, "{\"status\":404,\"code\":\"resource_missing\",\"param\":\"id\"}"));
        assertThat(ledger.find("pay_1.auth")).isEmpty();
        assertThat(ledgerServer.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/internal/transfers/pay_1.auth");
        });

        ledgerServer.answers(Answer.json(403, "{\"status\":403,\"code\":\"forbidden\"}"));
        assertThatThrownBy(() -> ledger.find("pay_1.auth")).isInstanceOfSatisfying(RemoteProblem.class,
                e -> assertThat(e.code()).isEqualTo("forbidden"));
    }

    @Test
    void aLookupThatTimesOutIsRetriedAndAnUnknownOutcomeIfItNeverAnswers() {
        ledgerServer.answers(Answer.json(200, TRANSFER).late(READ_TIMEOUT.multipliedBy(4)), Answer.json(200, TRANSFER));
        assertThat(ledger.find("pay_1.fee")).hasValueSatisfying(t -> assertThat(t.amount()).isEqualTo(30));

        ledgerServer.requests.clear();
        ledgerServer.answers(Answer.json(200, TRANSFER).late(READ_TIMEOUT.multipliedBy(4)));
        assertThatThrownBy(() -> ledger.find("pay_1.fee")).isInstanceOf(OutcomeUnknownException.class);
    }

    // ---------------------------------------------------------------- linked batches

    @Test
    void aBatchIsSentAsOneChainAndAnsweredInOrder() {
        ledgerServer.answers(Answer.json(200, "{\"results\":["
                + result(0, "pay_1.auth", "exists", "pending") + ","
                + result(1, "pay_1.capture", "created", "post_pending") + ","
                + result(2, "pay_1.fee", "created", "single") + "]}"));

        List<LedgerTransfer> recorded = ledger.linkedBatch(List.of(
                TransferOrder.hold("pay_1.auth", "acc_w", "acc_m", 50_00, "CNY", 3600),
                TransferOrder.post("pay_1.capture", "pay_1.auth", 50_00), FEE));

        assertThat(recorded).extracting(LedgerTransfer::id).containsExactly("pay_1.auth", "pay_1.capture", "pay_1.fee");
        JsonNode sent = read(ledgerServer.requests.get(0).body()).path("transfers");
        assertThat(ledgerServer.requests.get(0).path()).isEqualTo("/internal/transfers/batch");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).path("linked").asBoolean()).isTrue();
        assertThat(sent.get(1).path("linked").asBoolean()).isTrue();
        assertThat(sent.get(2).path("linked").isMissingNode() || sent.get(2).path("linked").isNull())
                .as("the last transfer closes the chain").isTrue();
    }

    @Test
    void aFailedChainReportsTheTransferThatFailedNotItsPartners() {
        ledgerServer.answers(Answer.json(200, "{\"results\":["
                + failed(0, "re_1.fee", 409, "linked_event_failed", null) + ","
                + failed(1, "re_1.refund", 409, "insufficient_funds", "amount") + "]}"));

        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, () -> ledger.linkedBatch(List.of(
                TransferOrder.single("re_1.fee", "acc_f", "acc_m", 12, "CNY"),
                TransferOrder.single("re_1.refund", "acc_m", "acc_w", 20_00, "CNY"))));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.code()).isEqualTo("insufficient_funds");
        assertThat(e.param()).isEqualTo("amount");
    }

    @Test
    void aRetriedBatchSendsTheSameTransfers() {
        ledgerServer.answers(Answer.json(200, "{\"results\":[").cutAfter(5), Answer.json(500, "{}"),
                Answer.json(200, "{\"results\":[" + result(0, "pay_1.fee", "exists", "single") + "]}"));

        assertThat(ledger.linkedBatch(List.of(FEE))).extracting(LedgerTransfer::id).containsExactly("pay_1.fee");

        assertThat(ledgerServer.bodies()).hasSize(3).containsOnly(ledgerServer.bodies().get(0));
    }

    private static String result(int index, String id, String result, String kind) {
        return "{\"index\":" + index + ",\"id\":\"" + id + "\",\"result\":\"" + result + "\",\"transfer\":{\"id\":\"" + id
                + "\",\"kind\":\"" + kind + "\",\"status\":\"posted\",\"debitAccountId\":\"acc_w\","
                + "\"creditAccountId\":\"acc_m\",\"amount\":1,\"currency\":\"CNY\"},\"error\":null}";
    }

    private static String failed(int index, String id, int status, String code, String param) {
        return "{\"index\":" + index + ",\"id\":\"" + id + "\",\"result\":\"failed\",\"transfer\":null,\"error\":{"
                + "\"status\":" + status + ",\"code\":\"" + code + "\",\"param\":" + (param == null ? "null" : "\"" + param + "\"")
                + ",\"detail\":\"refused\"}}";
    }

    private JsonNode read(String body) {
        return json.readTree(body);
    }
}

package io.paycloud.account.riskcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.paycloud.account.IntegrationTest;
import io.paycloud.account.RiskServiceStub;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four-eyes on the risk controls, account-service's half: risk-service stores a risk operator's request
 * here (only risk-service, only the risk actions), and a second risk operator's approval has
 * risk-service (a stub) carry it out, in the approve transaction: when risk-service is down or refuses,
 * nothing is recorded and the approval stays pending.
 */
class RiskControlApprovalTest extends IntegrationTest {

    private static final String RISK_SERVICE = TestIdentities.service("risk-service", "account-service");
    private static final String RITA = TestIdentities.operator("rita", "account-service", OperatorRole.RISK);
    private static final String RICK = TestIdentities.operator("rick", "account-service", OperatorRole.RISK);
    private static final String TREASURY = TestIdentities.operator("tess", "account-service", OperatorRole.TREASURY);

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final RiskServiceStub risk = RiskServiceStub.get();

    @BeforeEach
    void riskServiceAnswers() {
        risk.answer(RiskServiceStub.Answer.CARRIED_OUT);
        breakers.circuitBreaker("risk-service").reset();
    }

    private static String rule() {
        return "rule_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }

    private MvcResult ask(String body, String who) throws Exception {
        return mvc.perform(post("/internal/approvals").contentType(MediaType.APPLICATION_JSON).content(body)
                .header(TestIdentities.HEADER, who)).andReturn();
    }

    private String askFor(String action, String object) throws Exception {
        MvcResult r = ask("{\"action\":\"" + action + "\",\"object\":\"" + object + "\",\"request\":{},\"maker\":\"rita\","
                + "\"makerRoles\":[\"risk\"]}", RISK_SERVICE);
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        return body(r).path("approval").path("id").asString();
    }

    private MvcResult decide(String approval, String decision, String who) throws Exception {
        return mvc.perform(post("/v1/approvals/" + approval + "/" + decision).header(TestIdentities.HEADER, who)).andReturn();
    }

    private String status(String approval) throws Exception {
        MvcResult r = mvc.perform(get("/v1/approvals/" + approval).header(TestIdentities.HEADER, RICK)).andReturn();
        return body(r).path("approval").path("status").asString();
    }

    private JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    private long approvals() {
        return jdbc.sql("SELECT COUNT(*) FROM approval").query(Long.class).single();
    }

    @Test
    void riskServiceStoresAPendingApprovalForEachRiskAction() throws Exception {
        String rule = rule();
        String disable = "{\"name\":\"limit\",\"type\":\"amount_limit\",\"action\":\"decline\",\"params\":{\"currency\":\"CNY\","
                + "\"maxAmount\":1000},\"enabled\":false}";

        MvcResult stored = ask("{\"action\":\"risk_rule_disable\",\"object\":\"" + rule + "\",\"request\":" + disable
                + ",\"maker\":\"rita\",\"makerRoles\":[\"risk\"]}", RISK_SERVICE);

        assertThat(stored.getResponse().getStatus()).isEqualTo(201);
        JsonNode approval = body(stored).path("approval");
        assertThat(approval.path("id").asString()).startsWith("apr_");
        assertThat(approval.path("status").asString()).isEqualTo("pending");
        assertThat(approval.path("action").asString()).isEqualTo("risk_rule_disable");
        assertThat(approval.path("object").asString()).isEqualTo(rule);
        assertThat(approval.path("maker").asString()).isEqualTo("rita");
        assertThat(approval.path("requiredRole").asString()).isEqualTo("risk");
        assertThat(approval.path("request")).isEqualTo(json.readTree(disable));
        assertThat(status(approval.path("id").asString())).isEqualTo("pending");
        assertThat(askFor("risk_rule_delete", rule)).startsWith("apr_");
        assertThat(askFor("blocklist_remove", "bl_" + rule.substring(5))).startsWith("apr_");
        assertThat(risk.receivedFor(approval.path("id").asString())).as("nothing is carried out yet").isEmpty();
    }

    @Test
    void theSameIdempotencyKeyFindsTheSameApproval() throws Exception {
        String rule = rule();
        String body = "{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"rita\","
                + "\"idempotencyKey\":\"k-" + rule + "\"}";

        String first = body(ask(body, RISK_SERVICE)).path("approval").path("id").asString();
        String second = body(ask(body, RISK_SERVICE)).path("approval").path("id").asString();

        assertThat(second).isEqualTo(first);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM approval WHERE object_id = ?").param(rule).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void otherActionsAndBadRequestsAreRefusedAndStoreNothing() throws Exception {
        long before = approvals();
        String rule = rule();
        String[][] cases = {
                {"{\"action\":\"deposit\",\"object\":\"acc_x\",\"request\":{\"amount\":5,\"currency\":\"CNY\"},\"maker\":\"rita\"}", "action"},
                {"{\"action\":\"role_grant\",\"object\":\"rita\",\"request\":{\"role\":\"admin\"},\"maker\":\"rita\"}", "action"},
                {"{\"action\":\"rule_nuke\",\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"rita\"}", "action"},
                {"{\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"rita\"}", "action"},
                {"{\"action\":\"risk_rule_delete\",\"request\":{},\"maker\":\"rita\"}", "object"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":[],\"maker\":\"rita\"}", "request"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"maker\":\"rita\"}", "request"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":{}}", "maker"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"" + "m".repeat(65) + "\"}", "maker"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"rita\",\"makerRoles\":[\"viewer\"]}",
                        "makerRoles"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"rita\",\"idempotencyKey\":\""
                        + "k".repeat(256) + "\"}", "idempotencyKey"},
                {"{\"action\":\"risk_rule_delete\",\"object\":\"" + rule + "\",\"request\":{},\"maker\":\"rita\",\"checker\":\"rick\"}",
                        "checker"}};

        for (String[] c : cases) {
            MvcResult r = ask(c[0], RISK_SERVICE);
            assertThat(r.getResponse().getStatus()).as(c[0]).isEqualTo(400);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
            assertThat(body(r).path("param").asString()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(body(ask(cases[0][0], RISK_SERVICE)).path("code").asString()).isEqualTo("parameter_invalid");
        assertThat(approvals()).isEqualTo(before);
    }

    @Test
    void onlyRiskServiceMayAsk() throws Exception {
        long before = approvals();
        String body = "{\"action\":\"risk_rule_delete\",\"object\":\"" + rule() + "\",\"request\":{},\"maker\":\"rita\"}";

        assertThat(ask(body, TestIdentities.service("payment-service", "account-service")).getResponse().getStatus()).isEqualTo(403);
        assertThat(ask(body, RITA).getResponse().getStatus()).isEqualTo(403);
        assertThat(ask(body, TestIdentities.service("risk-service", "payment-service")).getResponse().getStatus()).isEqualTo(401);
        assertThat(mvc.perform(post("/internal/approvals").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn()
                .getResponse().getStatus()).isEqualTo(401);
        assertThat(approvals()).isEqualTo(before);
    }

    @Test
    void aSecondRiskOperatorsApprovalHasRiskServiceCarryItOut() throws Exception {
        String rule = rule();
        String id = askFor("risk_rule_delete", rule);

        MvcResult own = decide(id, "approve", RITA);
        MvcResult treasury = decide(id, "approve", TREASURY);
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(own).path("code").asString()).isEqualTo("forbidden");
        assertThat(treasury.getResponse().getStatus()).isEqualTo(403);
        assertThat(risk.receivedFor(id)).isEmpty();

        MvcResult approved = decide(id, "approve", RICK);

        assertThat(approved.getResponse().getStatus()).as(approved.getResponse().getContentAsString()).isEqualTo(200);
        JsonNode decided = body(approved).path("approval");
        assertThat(decided.path("status").asString()).isEqualTo("approved");
        assertThat(decided.path("checker").asString()).isEqualTo("rick");
        assertThat(decided.path("result").path("id").asString()).isEqualTo(rule);
        assertThat(decided.path("result").path("deleted").asBoolean()).isTrue();
        RiskServiceStub.Received sent = risk.receivedFor(id).get(0);
        assertThat(sent.text("action")).isEqualTo("risk_rule_delete");
        assertThat(sent.text("object")).isEqualTo(rule);
        assertThat(sent.text("maker")).isEqualTo("rita");
        assertThat(sent.text("checker")).isEqualTo("rick");
        assertThat(sent.body().path("request").isObject()).isTrue();
        assertThat(sent.authorization()).as("account-service's own identity, for risk-service").startsWith("Bearer ");
        assertThat(decide(id, "approve", RICK).getResponse().getStatus()).isEqualTo(409);
        assertThat(risk.receivedFor(id)).hasSize(1);
    }

    @Test
    void withRiskServiceDownTheApprovalStaysPendingAndCanBeApprovedLater() throws Exception {
        String id = askFor("blocklist_remove", "bl_" + rule().substring(5));

        for (RiskServiceStub.Answer down : new RiskServiceStub.Answer[] {RiskServiceStub.Answer.FAILING,
                RiskServiceStub.Answer.HANG_UP}) {
            risk.answer(down);
            MvcResult r = decide(id, "approve", RICK);
            assertThat(r.getResponse().getStatus()).as(down.name()).isEqualTo(503);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
            assertThat(body(r).path("code").asString()).isEqualTo("service_unavailable");
            assertThat(status(id)).isEqualTo("pending");
        }
        JsonNode row = jdbc.sql("SELECT checker, decided_at FROM approval WHERE id = ?").param(id).query((rs, n) ->
                json.createObjectNode().put("checker", rs.getString(1)).put("decided", rs.getObject(2) != null)).single();
        assertThat(row.path("checker").isNull()).isTrue();
        assertThat(row.path("decided").asBoolean()).isFalse();

        risk.answer(RiskServiceStub.Answer.CARRIED_OUT);
        MvcResult later = decide(id, "approve", RICK);

        assertThat(later.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(later).path("approval").path("status").asString()).isEqualTo("approved");
        assertThat(risk.receivedFor(id)).as("the same approval id every time").hasSize(3);
    }

    @Test
    void aRefusalByRiskServiceIsAClearProblemAndTheApprovalCanBeRejected() throws Exception {
        String rule = rule();
        String id = askFor("risk_rule_delete", rule);
        risk.answer(RiskServiceStub.Answer.RULE_GONE);

        MvcResult refused = decide(id, "approve", RICK);

        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(refused).path("code").asString()).isEqualTo("state_invalid");
        assertThat(body(refused).path("detail").asString()).contains("resource_missing").contains(rule).contains("pending");
        assertThat(status(id)).isEqualTo("pending");
        MvcResult rejected = decide(id, "reject", RICK);
        assertThat(rejected.getResponse().getStatus()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("rejected");
    }
}

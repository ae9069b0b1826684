package io.paycloud.risk.approval;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.risk.support.AccountServiceStub;
import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Four-eyes on the risk controls: deleting a rule, turning an enabled rule off and removing a block list
 * entry change nothing here; they are stored as approvals in account-service (a stub here) and answered
 * 202, and only account-service, once a second operator approved, gets them carried out, once.
 */
class FourEyesTest extends RiskIntegrationTest {

    private static final String RITA = TestIdentities.operator("rita", "risk-service", OperatorRole.RISK);

    private Map<String, Object> limit(boolean enabled) {
        return body("name", "limit", "type", "amount_limit", "action", "decline",
                "params", body("currency", "CNY", "maxAmount", 1_000, "merchant", merchant), "enabled", enabled);
    }

    private Api.Response send(String method, String path, Object body, String identity, String idempotencyKey) {
        var request = switch (method) {
            case "PUT" -> mvc.put();
            case "POST" -> mvc.post();
            default -> mvc.delete();
        };
        var builder = request.uri(path).header(TestIdentities.HEADER, identity);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            builder.contentType(MediaType.APPLICATION_JSON).content(body instanceof String s ? s : json.writeValueAsString(body));
        }
        MvcTestResult result = builder.exchange();
        try {
            String content = result.getResponse().getContentAsString();
            return new Api.Response(result.getResponse().getStatus(),
                    content.isEmpty() ? json.createObjectNode() : json.readTree(content), result.getResponse().getContentType());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean fires() {
        return assess(newCustomer(), 1_001, "CNY").text("decision").equals("decline");
    }

    @Test
    void deletingARuleAsksForApprovalAndTheRuleStaysAndStillFires() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));

        Api.Response deleted = send("DELETE", "/v1/risk/rules/" + rule, null, RITA, "del-" + rule);

        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(202);
        JsonNode approval = deleted.body().path("approval");
        assertThat(approval.path("id").asString()).startsWith("apr_");
        assertThat(approval.path("status").asString()).isEqualTo("pending");
        assertThat(approval.path("action").asString()).isEqualTo("risk_rule_delete");
        assertThat(approval.path("object").asString()).isEqualTo(rule);
        assertThat(api.get("/v1/risk/rules/" + rule).status()).isEqualTo(200);
        assertThat(fires()).isTrue();

        AccountServiceStub.Received asked = accountService.receivedFor(rule).get(0);
        assertThat(asked.text("action")).isEqualTo("risk_rule_delete");
        assertThat(asked.text("maker")).isEqualTo("rita");
        assertThat(asked.body().path("makerRoles").toString()).isEqualTo("[\"risk\"]");
        assertThat(asked.body().path("request").isObject()).isTrue();
        assertThat(asked.text("idempotencyKey")).isEqualTo("del-" + rule);
        assertThat(asked.authorization()).as("risk-service's own identity, for account-service").startsWith("Bearer ");

        Api.Response again = send("DELETE", "/v1/risk/rules/" + rule, null, RITA, "del-" + rule);
        assertThat(again.body().path("approval").path("id").asString()).as("the key is passed on")
                .isEqualTo(approval.path("id").asString());
    }

    @Test
    void turningAnEnabledRuleOffAsksForApprovalWithTheWholeRequestAndTheRuleStaysOn() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        Map<String, Object> off = limit(false);

        Api.Response put = send("PUT", "/v1/risk/rules/" + rule, off, RITA, null);

        assertThat(put.status()).as(put.body().toString()).isEqualTo(202);
        assertThat(put.body().path("approval").path("action").asString()).isEqualTo("risk_rule_disable");
        assertThat(api.get("/v1/risk/rules/" + rule).body().get("enabled").asBoolean()).isTrue();
        assertThat(fires()).isTrue();
        JsonNode stored = accountService.receivedFor(rule).get(0).body().path("request");
        assertThat(stored.path("enabled").asBoolean(true)).isFalse();
        assertThat(stored.path("name").asString()).isEqualTo("limit");
        assertThat(stored.path("params").path("maxAmount").asLong()).isEqualTo(1_000);
    }

    @Test
    void aReplacementThatKeepsTheRuleOnOrTurnsItOnAppliesAtOnce() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        Map<String, Object> on = limit(true);
        on.put("action", "review");

        Api.Response kept = send("PUT", "/v1/risk/rules/" + rule, on, RITA, null);

        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.text("action")).isEqualTo("review");
        assertThat(accountService.receivedFor(rule)).isEmpty();
    }

    @Test
    void aBadReplacementIsRefusedBeforeAnyApprovalIsAskedFor() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        Map<String, Object> bad = limit(false);
        bad.put("params", body("currency", "CNY", "maxAmount", 0));

        Api.Response r = send("PUT", "/v1/risk/rules/" + rule, bad, RITA, null);
        Api.Response unknownField = send("PUT", "/v1/risk/rules/" + rule,
                "{\"name\":\"x\",\"type\":\"amount_limit\",\"action\":\"decline\",\"enabled\":false,\"colour\":\"red\","
                        + "\"params\":{\"currency\":\"CNY\",\"maxAmount\":5}}", RITA, null);
        Api.Response longKey = send("PUT", "/v1/risk/rules/" + rule, limit(false), RITA, "k".repeat(256));
        Api.Response missing = send("PUT", "/v1/risk/rules/rule_01ARZ3NDEKTSV4RRFFQ69G5FAV", limit(false), RITA, null);
        Api.Response missingDelete = send("DELETE", "/v1/risk/rules/rule_01ARZ3NDEKTSV4RRFFQ69G5FAV", null, RITA, null);
        Api.Response missingEntry = send("DELETE", "/v1/risk/blocklist/bl_01ARZ3NDEKTSV4RRFFQ69G5FAV", null, RITA, null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("param")).isEqualTo("params.maxAmount");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.text("code")).isEqualTo("parameter_unknown");
        assertThat(longKey.status()).isEqualTo(400);
        assertThat(longKey.text("param")).isEqualTo("Idempotency-Key");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missingDelete.status()).isEqualTo(404);
        assertThat(missingEntry.status()).isEqualTo(404);
        assertThat(accountService.receivedFor(rule)).isEmpty();
        assertThat(accountService.receivedFor("rule_01ARZ3NDEKTSV4RRFFQ69G5FAV")).isEmpty();
        assertThat(accountService.receivedFor("bl_01ARZ3NDEKTSV4RRFFQ69G5FAV")).isEmpty();
        assertThat(api.get("/v1/risk/rules/" + rule).body().get("params").get("maxAmount").asLong()).isEqualTo(1_000);
    }

    @Test
    void removingABlocklistEntryAsksForApprovalAndTheEntryStillBlocks() {
        createRule("blocklist", "decline", Map.of());
        String customer = newCustomer();
        String entry = api.post("/v1/risk/blocklist", body("type", "customer", "value", customer)).text("id");

        Api.Response removed = send("DELETE", "/v1/risk/blocklist/" + entry, null, RITA, null);

        assertThat(removed.status()).isEqualTo(202);
        assertThat(removed.body().path("approval").path("action").asString()).isEqualTo("blocklist_remove");
        assertThat(removed.body().path("approval").path("object").asString()).isEqualTo(entry);
        assertThat(api.get("/v1/risk/blocklist?limit=100").body().get("data").findValuesAsString("id")).contains(entry);
        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("decline");
        assertThat(accountService.receivedFor(entry)).hasSize(1);
    }

    @Test
    void withAccountServiceDownNothingIsDoneAndTheAnswerIs503() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        accountService.down(true);

        Api.Response deleted = send("DELETE", "/v1/risk/rules/" + rule, null, RITA, null);
        Api.Response disabled = send("PUT", "/v1/risk/rules/" + rule, limit(false), RITA, null);

        for (Api.Response r : new Api.Response[] {deleted, disabled}) {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.text("code")).isEqualTo("service_unavailable");
        }
        assertThat(api.get("/v1/risk/rules/" + rule).body().get("enabled").asBoolean()).isTrue();
        assertThat(fires()).isTrue();
    }

    @Test
    void anApprovedDeletionIsCarriedOutOnceAndRepeatingItAnswersTheSame() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        String approval = "apr_del_" + rule;

        Api.Response first = carryOut(approval, "risk_rule_delete", rule, Map.of());
        Api.Response again = carryOut(approval, "risk_rule_delete", rule, Map.of());

        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(first.body().path("result").path("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/risk/rules/" + rule).status()).isEqualTo(404);
        assertThat(fires()).isFalse();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        // another approval for the rule that is gone: that one is refused, clearly
        Api.Response other = carryOut("apr_o_" + rule, "risk_rule_delete", rule, Map.of());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.text("code")).isEqualTo("resource_missing");
        // the same approval id for something else is not a replay
        assertThat(carryOut(approval, "blocklist_remove", rule, Map.of()).status()).isEqualTo(422);
    }

    @Test
    void anApprovedDisablingAppliesTheStoredRequestOnce() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        Map<String, Object> off = limit(false);
        off.put("name", "limit, off");
        String approval = "apr_off_" + rule;

        Api.Response first = carryOut(approval, "risk_rule_disable", rule, off);
        Api.Response again = carryOut(approval, "risk_rule_disable", rule, off);

        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(first.body().path("result").path("enabled").asBoolean(true)).isFalse();
        Api.Response now = api.get("/v1/risk/rules/" + rule);
        assertThat(now.body().get("enabled").asBoolean()).isFalse();
        assertThat(now.text("name")).isEqualTo("limit, off");
        assertThat(fires()).isFalse();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("result")).isEqualTo(first.body().path("result"));
        // a request that does not turn the rule off is not a disabling
        assertThat(carryOut("apr_on_" + rule, "risk_rule_disable", rule, limit(true)).status()).isEqualTo(400);
    }

    @Test
    void anApprovedRemovalTakesTheEntryOffTheListOnce() {
        createRule("blocklist", "decline", Map.of());
        String customer = newCustomer();
        String entry = api.post("/v1/risk/blocklist", body("type", "customer", "value", customer)).text("id");

        Api.Response first = carryOut("apr_bl_" + entry, "blocklist_remove", entry, Map.of());
        Api.Response again = carryOut("apr_bl_" + entry, "blocklist_remove", entry, Map.of());

        assertThat(first.status()).isEqualTo(200);
        assertThat(api.get("/v1/risk/blocklist?limit=100").body().get("data").findValuesAsString("id")).doesNotContain(entry);
        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("approve");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void onlyAccountServiceHandsBackApprovedActions() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        String body = json.writeValueAsString(body("approval", "apr_x_" + rule, "action", "risk_rule_delete", "object", rule,
                "request", Map.of(), "maker", "a", "checker", "b"));

        assertThat(send("POST", "/internal/approved-actions", body, TestIdentities.ops("risk-service"), null).status())
                .isEqualTo(403);
        assertThat(send("POST", "/internal/approved-actions", body, RITA, null).status()).isEqualTo(403);
        assertThat(send("POST", "/internal/approved-actions", body,
                TestIdentities.service("payment-service", "risk-service"), null).status()).isEqualTo(403);
        assertThat(send("POST", "/internal/approved-actions", body,
                TestIdentities.service("account-service", "payment-service"), null).status()).isEqualTo(401);
        assertThat(send("POST", "/internal/approved-actions", body, "", null).status()).isEqualTo(401);
        assertThat(api.get("/v1/risk/rules/" + rule).status()).isEqualTo(200);
    }

    @Test
    void anApprovedActionIsValidated() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));

        Api.Response sameOperator = api.post("/internal/approved-actions", body("approval", "apr_same_" + rule,
                "action", "risk_rule_delete", "object", rule, "request", Map.of(), "maker", "rita", "checker", "rita"));
        Api.Response unknownAction = carryOut("apr_u_" + rule, "deposit", rule, Map.of());
        Api.Response notAnObject = carryOut("apr_n_" + rule, "risk_rule_delete", rule, "x");
        Api.Response noApproval = carryOut(null, "risk_rule_delete", rule, Map.of());

        assertThat(sameOperator.status()).isEqualTo(400);
        assertThat(sameOperator.text("param")).isEqualTo("checker");
        assertThat(unknownAction.text("param")).isEqualTo("action");
        assertThat(notAnObject.text("param")).isEqualTo("request");
        assertThat(noApproval.text("code")).isEqualTo("parameter_missing");
        assertThat(api.get("/v1/risk/rules/" + rule).status()).isEqualTo(200);
    }
}

package io.paycloud.risk.rule;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/** The ops API for rules: create, read, replace, delete (on approval), and a 400 naming the field for bad params. */
class RuleApiTest extends RiskIntegrationTest {

    @Test
    void aRuleIsCreatedReadReplacedAndDeleted() {
        Api.Response created = api.post("/v1/risk/rules", body("name", "Big payments", "type", "amount_limit",
                "action", "decline", "params", body("currency", "CNY", "maxAmount", 100_000, "merchant", merchant)));

        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        assertThat(id).startsWith("rule_");
        assertThat(created.text("type")).isEqualTo("amount_limit");
        assertThat(created.body().get("enabled").asBoolean()).isTrue();
        assertThat(created.body().get("params").get("maxAmount").asLong()).isEqualTo(100_000);
        assertThat(api.get("/v1/risk/rules/" + id).body()).isEqualTo(created.body());

        Api.Response replaced = api.put("/v1/risk/rules/" + id, body("name", "Big payments", "type", "amount_limit",
                "action", "review", "params", body("currency", "CNY", "maxAmount", 200_000)));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.text("action")).isEqualTo("review");
        assertThat(replaced.body().get("params").has("merchant")).isFalse();
        assertThat(replaced.body().get("enabled").asBoolean()).isTrue();

        // deleting is four-eyes: the rule stays until account-service hands back the approved deletion
        Api.Response asked = api.delete("/v1/risk/rules/" + id);
        assertThat(asked.status()).isEqualTo(202);
        assertThat(api.get("/v1/risk/rules/" + id).status()).isEqualTo(200);
        Api.Response deleted = carryOut(asked.body().path("approval").path("id").asString(), "risk_rule_delete", id, Map.of());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("result").get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/risk/rules/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/v1/risk/rules/" + id).status()).isEqualTo(404);
    }

    @Test
    void theRuleListIsNewestFirstAndPages() {
        String older = createRule("blocklist", "decline", Map.of());
        String newer = createRule("blocklist", "decline", Map.of());

        Api.Response first = api.get("/v1/risk/rules?limit=1");
        Api.Response next = api.get("/v1/risk/rules?limit=1&startingAfter=" + newer);

        assertThat(first.body().get("data").get(0).get("id").asString()).isGreaterThanOrEqualTo(newer);
        assertThat(first.body().get("hasMore").asBoolean()).isTrue();
        assertThat(next.body().get("data").get(0).get("id").asString()).isEqualTo(older);
        assertThat(api.get("/v1/risk/rules?limit=0").text("param")).isEqualTo("limit");
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("amount_limit", body("currency", "CNY"), "parameter_missing", "params.maxAmount"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", 0), "parameter_invalid", "params.maxAmount"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", -5), "parameter_invalid", "params.maxAmount"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", 10.5), "parameter_invalid", "params.maxAmount"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", "1000"), "parameter_invalid", "params.maxAmount"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", 100_000_000_000L), "parameter_invalid", "params.maxAmount"),
                Arguments.of("amount_limit", body("currency", "XXX", "maxAmount", 100), "parameter_invalid", "params.currency"),
                Arguments.of("amount_limit", body("maxAmount", 100), "parameter_missing", "params.currency"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", 100, "max", 1), "parameter_unknown", "params.max"),
                Arguments.of("amount_limit", body("currency", "CNY", "maxAmount", 100, "merchant", ""), "parameter_invalid", "params.merchant"),
                Arguments.of("amount_limit", null, "parameter_missing", "params"),
                Arguments.of("velocity", body("scope", "card", "windowSeconds", 60, "maxCount", 5), "parameter_invalid", "params.scope"),
                Arguments.of("velocity", body("windowSeconds", 60, "maxCount", 5), "parameter_missing", "params.scope"),
                Arguments.of("velocity", body("scope", "ip", "windowSeconds", 0, "maxCount", 5), "parameter_invalid", "params.windowSeconds"),
                Arguments.of("velocity", body("scope", "ip", "maxCount", 5), "parameter_missing", "params.windowSeconds"),
                Arguments.of("velocity", body("scope", "ip", "windowSeconds", 60), "parameter_missing", "params.maxCount"),
                Arguments.of("velocity", body("scope", "ip", "windowSeconds", 60, "maxCount", 0), "parameter_invalid", "params.maxCount"),
                Arguments.of("velocity", body("scope", "ip", "windowSeconds", 60, "maxAmount", 100), "parameter_missing", "params.currency"),
                Arguments.of("velocity", body("scope", "ip", "windowSeconds", 60, "maxAmount", 0, "currency", "CNY"), "parameter_invalid", "params.maxAmount"),
                Arguments.of("kyc_required", body("currency", "CNY"), "parameter_missing", "params.minAmount"),
                Arguments.of("kyc_required", body("currency", "CNY", "minAmount", 0), "parameter_invalid", "params.minAmount"),
                Arguments.of("kyc_required", body("currency", "cny", "minAmount", 100), "parameter_invalid", "params.currency"),
                Arguments.of("anomaly", body("minHistory", 5), "parameter_missing", "params.stdDevs"),
                Arguments.of("anomaly", body("minHistory", 5, "stdDevs", 0), "parameter_invalid", "params.stdDevs"),
                Arguments.of("anomaly", body("minHistory", 5, "stdDevs", -1), "parameter_invalid", "params.stdDevs"),
                Arguments.of("anomaly", body("minHistory", 5, "stdDevs", "3"), "parameter_invalid", "params.stdDevs"),
                Arguments.of("anomaly", body("minHistory", 1, "stdDevs", 3), "parameter_invalid", "params.minHistory"),
                Arguments.of("anomaly", body("stdDevs", 3), "parameter_missing", "params.minHistory"),
                Arguments.of("blocklist", body("scope", "ip"), "parameter_unknown", "params.scope"));
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @MethodSource("badRules")
    void badParamsAreA400NamingTheField(String type, Map<String, Object> params, String code, String param) {
        Api.Response r = api.post("/v1/risk/rules", body("name", "bad", "type", type, "action", "review",
                "params", params));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text("code")).isEqualTo(code);
        assertThat(r.text("param")).isEqualTo(param);
    }

    @Test
    void anUnknownTypeOrActionIsA400NamingIt() {
        assertThat(api.post("/v1/risk/rules", body("name", "x", "type", "magic", "action", "review", "params", Map.of()))
                .text("param")).isEqualTo("type");
        assertThat(api.post("/v1/risk/rules", body("name", "x", "type", "blocklist", "action", "allow", "params", Map.of()))
                .text("param")).isEqualTo("action");
        assertThat(api.post("/v1/risk/rules", body("type", "blocklist", "action", "decline", "params", Map.of()))
                .text("param")).isEqualTo("name");
    }

    @Test
    void aReplacementIsValidatedLikeACreation() {
        String id = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 100));

        Api.Response r = api.put("/v1/risk/rules/" + id, body("name", "x", "type", "amount_limit", "action", "decline",
                "params", body("currency", "CNY", "maxAmount", 0)));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("param")).isEqualTo("params.maxAmount");
        assertThat(api.get("/v1/risk/rules/" + id).body().get("params").get("maxAmount").asLong()).isEqualTo(100);
    }

    @Test
    void blocklistEntriesAreValidatedAndAddingOneTwiceAnswersTheSameEntry() {
        Api.Response first = api.post("/v1/risk/blocklist", body("type", "email", "value", "Fraud@Example.com"));
        Api.Response second = api.post("/v1/risk/blocklist", body("type", "email", "value", "fraud@example.com"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("id")).startsWith("bl_");
        assertThat(first.text("value")).isEqualTo("fraud@example.com");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text("id")).isEqualTo(first.text("id"));
        assertThat(api.post("/v1/risk/blocklist", body("type", "ip", "value", "example.com")).text("param"))
                .isEqualTo("value");
        assertThat(api.post("/v1/risk/blocklist", body("type", "card", "value", "4242")).text("param")).isEqualTo("type");
        assertThat(api.get("/v1/risk/blocklist?limit=100").body().get("data").findValuesAsString("id"))
                .contains(first.text("id"));
        assertThat(api.delete("/v1/risk/blocklist/bl_missing").status()).isEqualTo(404);
    }

    @Test
    void theBlocklistPagesNewestFirstByCursorAndReadsEntriesBackAsStored() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.post("/v1/risk/blocklist", body("type", "device", "value", "dev-page-" + i + "-" + System.nanoTime()))
                    .text("id"));
        }
        // ids sort by creation time (two made within one millisecond in either order)
        ids.sort(java.util.Comparator.reverseOrder());
        Api.Response newest = api.get("/v1/risk/blocklist?limit=2");
        assertThat(newest.body().get("data").findValuesAsString("id")).containsExactly(ids.get(0), ids.get(1));
        assertThat(newest.body().get("hasMore").asBoolean()).isTrue();

        Api.Response next = api.get("/v1/risk/blocklist?limit=1&startingAfter=" + ids.get(1));
        assertThat(next.body().get("data").findValuesAsString("id")).containsExactly(ids.get(2));
        var entry = next.body().get("data").get(0);
        assertThat(entry.get("type").asString()).isEqualTo("device");
        assertThat(entry.get("value").asString()).startsWith("dev-page-");
        // the service's clock in this test is its own (moved by other tests), so only the form is checked
        assertThat(java.time.Instant.parse(entry.get("createdAt").asString())).isNotNull();
    }

    @Test
    void theDefaultRuleSetIsInstalledByTheMigration() {
        Api.Response all = api.get("/v1/risk/rules?limit=100&startingAfter=rule_00000000000000000000000100");

        assertThat(all.body().get("data").findValuesAsString("type")).containsOnly("blocklist", "amount_limit",
                "kyc_required", "velocity", "anomaly").hasSize(19);
        assertThat(api.get("/v1/risk/rules/rule_00000000000000000000000002").body().get("params").toString())
                .isEqualTo("{\"currency\":\"CNY\",\"maxAmount\":5000000}");
    }
}

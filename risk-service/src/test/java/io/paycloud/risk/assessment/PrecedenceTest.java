package io.paycloud.risk.assessment;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/** Block lists and decline rules first, then review rules, else approve; the score follows the decision. */
class PrecedenceTest extends RiskIntegrationTest {

    @Test
    void aDeclineRuleWinsOverAReviewRuleAndBothAreListedDeclineFirst() {
        String review = createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 1));
        String decline = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        String customer = newCustomer();
        assess(customer, 100, "CNY");

        Api.Response r = assess(customer, 1_001, "CNY");

        assertThat(r.text("decision")).isEqualTo("decline");
        assertThat(r.text("failureCode")).isEqualTo("risk_declined");
        assertThat(r.body().get("reasons").findValuesAsString("rule")).containsExactly(decline, review);
        assertThat(r.body().get("score").asInt()).isBetween(80, 100);
    }

    @Test
    void theBlocklistDeclinesWithTheHighestScoreWhateverElseFires() {
        createRule("blocklist", "decline", Map.of());
        createRule("kyc_required", "decline", Map.of("currency", "CNY", "minAmount", 100));
        String customer = newCustomer();
        api.post("/v1/risk/blocklist", body("type", "customer", "value", customer));

        Api.Response r = assess(body("merchant", merchant, "customer", customer, "amount", 100, "currency", "CNY",
                "kycLevel", "none"));

        assertThat(r.text("decision")).isEqualTo("decline");
        assertThat(r.body().get("score").asInt()).isEqualTo(100);
        assertThat(r.text("failureCode")).as("not only a missing verification").isEqualTo("risk_declined");
    }

    @Test
    void onlyAKycDeclineAnswersTheKycFailureCode() {
        createRule("kyc_required", "decline", Map.of("currency", "CNY", "minAmount", 100));
        createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 1));
        String customer = newCustomer();
        assess(customer, 100, "CNY");

        Api.Response r = assess(body("merchant", merchant, "customer", customer, "amount", 100, "currency", "CNY",
                "kycLevel", "none"));

        assertThat(r.text("decision")).isEqualTo("decline");
        assertThat(r.text("failureCode")).isEqualTo("kyc_required");
    }

    @Test
    void reviewRulesAloneAnswerReviewWithAMiddleScoreAndNoFailureCode() {
        createRule("amount_limit", "review", Map.of("currency", "CNY", "maxAmount", 1_000));

        Api.Response r = assess(newCustomer(), 1_001, "CNY");

        assertThat(r.text("decision")).isEqualTo("review");
        assertThat(r.body().get("score").asInt()).isBetween(50, 79);
        assertThat(r.text("failureCode")).isNull();
    }

    @Test
    void anApprovalScoresBelowFiftyAndRisesAsThePaymentNearsItsLimits() {
        createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 10_000));

        int small = assess(newCustomer(), 100, "CNY").body().get("score").asInt();
        int large = assess(newCustomer(), 10_000, "CNY").body().get("score").asInt();

        assertThat(small).isBetween(0, 49);
        assertThat(large).isBetween(0, 49).isGreaterThan(small);
    }

    @Test
    void aDisabledRuleDoesNotFireAndEnablingItAgainTakesEffectAtOnce() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));
        Map<String, Object> disabled = body("name", "limit", "type", "amount_limit", "action", "decline",
                "params", Map.of("currency", "CNY", "maxAmount", 1_000, "merchant", merchant), "enabled", false);

        Api.Response asked = api.put("/v1/risk/rules/" + rule, disabled);
        assertThat(asked.status()).isEqualTo(202);
        assertThat(assess(newCustomer(), 1_001, "CNY").text("decision")).as("until a second operator approves").isEqualTo("decline");
        assertThat(carryOut(asked.body().path("approval").path("id").asString(), "risk_rule_disable", rule, disabled)
                .status()).isEqualTo(200);
        assertThat(assess(newCustomer(), 1_001, "CNY").text("decision")).isEqualTo("approve");

        disabled.put("enabled", true);
        assertThat(api.put("/v1/risk/rules/" + rule, disabled).status()).isEqualTo(200);
        assertThat(assess(newCustomer(), 1_001, "CNY").text("decision")).isEqualTo("decline");
    }

    @Test
    void aRuleScopedToAMerchantDoesNotJudgeOtherMerchantsPayments() {
        createRule("amount_limit", "decline", Map.of("currency", "CNY", "maxAmount", 1_000));

        Api.Response other = assess(body("merchant", "mer_someone_else", "customer", newCustomer(), "amount", 1_001,
                "currency", "CNY", "kycLevel", "verified"));

        assertThat(other.text("decision")).isEqualTo("approve");
    }
}

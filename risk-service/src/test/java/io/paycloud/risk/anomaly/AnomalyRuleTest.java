package io.paycloud.risk.anomaly;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paycloud.common.id.Ids;
import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/**
 * The anomaly rule learns from completed payments reported to {@code /internal/outcomes}.
 * History 900, 1100, 900, 1100, 1000: mean 1000, sample standard deviation exactly 100.
 */
class AnomalyRuleTest extends RiskIntegrationTest {

    private static final long[] HISTORY = {900, 1100, 900, 1100, 1000};

    @Test
    void firesOneMinorUnitAboveMeanPlusKStandardDeviationsButNotExactlyAtIt() {
        String rule = createRule("anomaly", "review", Map.of("minHistory", 5, "stdDevs", 2));
        String customer = newCustomer();
        learn(customer, HISTORY);

        Api.Response atBoundary = assess(customer, 1_200, "CNY");
        Api.Response over = assess(customer, 1_201, "CNY");

        assertThat(atBoundary.text("decision")).isEqualTo("approve");
        assertThat(over.text("decision")).isEqualTo("review");
        assertThat(over.body().get("reasons").get(0).get("rule").asString()).isEqualTo(rule);
        assertThat(over.body().get("reasons").get(0).get("detail").asString()).isEqualTo(
                "amount 12.01 CNY is more than 2 standard deviations above this customer's mean of 10.00 CNY "
                        + "(standard deviation 1.00 CNY, 5 completed payments)");
    }

    @Test
    void fractionalStandardDeviationsAreHonouredExactly() {
        createRule("anomaly", "review", Map.of("minHistory", 5, "stdDevs", 2.5));
        String customer = newCustomer();
        learn(customer, HISTORY);

        assertThat(assess(customer, 1_250, "CNY").text("decision")).isEqualTo("approve");
        assertThat(assess(customer, 1_251, "CNY").text("decision")).isEqualTo("review");
    }

    @Test
    void doesNotJudgeBeforeMinHistoryCompletedPayments() {
        createRule("anomaly", "review", Map.of("minHistory", 5, "stdDevs", 2));
        String customer = newCustomer();
        learn(customer, new long[] {900, 1100, 900, 1100});

        assertThat(assess(customer, 50_000, "CNY").text("decision")).isEqualTo("approve");
    }

    @Test
    void onlySucceededPaymentsCountAndARepeatedOutcomeCountsOnce() {
        createRule("anomaly", "review", Map.of("minHistory", 5, "stdDevs", 2));
        String customer = newCustomer();
        learn(customer, new long[] {900, 1100, 900, 1100});
        Api.Response failed = outcome(Ids.newId("pay"), customer, 1_000_000, "failed");
        String payment = Ids.newId("pay");
        Api.Response first = outcome(payment, customer, 1_000, "succeeded");
        Api.Response again = outcome(payment, customer, 1_000, "succeeded");

        assertThat(failed.body().get("counted").asBoolean()).isFalse();
        assertThat(first.body().get("replayed").asBoolean()).isFalse();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("replayed").asBoolean()).isTrue();
        // exactly the five-payment history: a failed outcome or a replay would move the boundary
        assertThat(assess(customer, 1_200, "CNY").text("decision")).isEqualTo("approve");
        assertThat(assess(customer, 1_201, "CNY").text("decision")).isEqualTo("review");
    }

    @Test
    void aRepeatedOutcomeWithDifferentFieldsIsAConflictNamingTheField() {
        String payment = Ids.newId("pay");
        String customer = newCustomer();
        outcome(payment, customer, 1_000, "succeeded");

        Api.Response r = outcome(payment, customer, 2_000, "succeeded");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("param")).isEqualTo("amount");
    }

    @Test
    void historyIsKeptPerCurrency() {
        createRule("anomaly", "review", Map.of("minHistory", 5, "stdDevs", 2));
        String customer = newCustomer();
        learn(customer, HISTORY);

        assertThat(assess(customer, 50_000, "USD").text("decision")).isEqualTo("approve");
    }

    @Test
    void badOutcomesAreRejected() {
        Api.Response r = api.post("/internal/outcomes", body("payment", Ids.newId("pay"), "customer", newCustomer(),
                "amount", 100, "currency", "CNY", "status", "processing"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("param")).isEqualTo("status");
    }

    @Test
    void aBatchLearnsLikeOutcomesSentOneByOneAndSkipsWhatAloneWouldBeRefused() {
        createRule("anomaly", "review", Map.of("minHistory", 5, "stdDevs", 2));
        String customer = newCustomer();
        String known = Ids.newId("pay");
        assertThat(outcome(known, customer, HISTORY[0], "succeeded").status()).isEqualTo(200);

        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        batch.add(body("payment", known, "customer", customer, "amount", HISTORY[0], "currency", "CNY", "status", "succeeded"));
        for (int i = 1; i < HISTORY.length; i++) {
            batch.add(body("payment", Ids.newId("pay"), "customer", customer, "amount", HISTORY[i], "currency", "CNY",
                    "status", "succeeded"));
        }
        // the known payment again with another amount, and an unsupported currency: skipped, the rest learned
        batch.add(body("payment", known, "customer", customer, "amount", 5_000, "currency", "CNY", "status", "succeeded"));
        String unsupported = Ids.newId("pay");
        batch.add(body("payment", unsupported, "customer", customer, "amount", 900, "currency", "XXX", "status", "succeeded"));
        Api.Response r = api.post("/internal/outcomes/batch", Map.of("outcomes", batch));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("recorded").asInt()).isEqualTo(HISTORY.length - 1);
        assertThat(r.body().get("replayed").asInt()).isEqualTo(1);
        assertThat(r.body().get("refused").asInt()).isEqualTo(2);

        // the same history as outcomes sent one by one: the same boundary
        assertThat(assess(customer, 1_200, "CNY").text("decision")).isEqualTo("approve");
        assertThat(assess(customer, 1_201, "CNY").text("decision")).isEqualTo("review");
    }

    @Test
    void aBatchOfTheWrongShapeIsRefusedWholeBeforeAnyWrite() {
        String customer = newCustomer();
        String valid = Ids.newId("pay");
        Api.Response refused = api.post("/internal/outcomes/batch", Map.of("outcomes", List.of(
                body("payment", valid, "customer", customer, "amount", 900, "currency", "CNY", "status", "succeeded"),
                body("payment", Ids.newId("pay"), "customer", customer, "amount", 900, "currency", "CNY",
                        "status", "processing"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("param")).contains("status");
        // the valid outcome of the refused batch was not recorded: sent now, it is new
        Api.Response alone = outcome(valid, customer, 900, "succeeded");
        assertThat(alone.status()).isEqualTo(200);
        assertThat(alone.body().get("replayed").asBoolean()).as("recorded by the refused batch").isFalse();
    }

    private void learn(String customer, long[] amounts) {
        for (long amount : amounts) {
            assertThat(outcome(Ids.newId("pay"), customer, amount, "succeeded").status()).isEqualTo(200);
        }
    }

    private Api.Response outcome(String payment, String customer, long amount, String status) {
        return api.post("/internal/outcomes", body("payment", payment, "customer", customer, "amount", amount,
                "currency", "CNY", "status", status));
    }
}

package io.paycloud.risk.assessment;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/** Each rule type at its boundary: exactly at the limit, and one minor unit (or one payment) over. */
class RuleBoundariesTest extends RiskIntegrationTest {

    @Test
    void amountLimitApprovesExactlyTheLimitAndDeclinesOneMinorUnitOver() {
        String rule = createRule("amount_limit", "decline", Map.of("currency", "USD", "maxAmount", 10_000));

        Api.Response atLimit = assess(newCustomer(), 10_000, "USD");
        Api.Response over = assess(newCustomer(), 10_001, "USD");

        assertThat(atLimit.text("decision")).isEqualTo("approve");
        assertThat(atLimit.body().get("reasons")).isEmpty();
        assertThat(over.text("decision")).isEqualTo("decline");
        assertThat(over.text("failureCode")).isEqualTo("risk_declined");
        assertThat(over.body().get("reasons").get(0).get("rule").asString()).isEqualTo(rule);
        assertThat(over.body().get("reasons").get(0).get("detail").asString())
                .isEqualTo("amount 100.01 USD is above the limit of 100.00 USD");
    }

    @Test
    void amountLimitJudgesOnlyPaymentsInItsCurrency() {
        createRule("amount_limit", "decline", Map.of("currency", "USD", "maxAmount", 10_000));

        assertThat(assess(newCustomer(), 10_001, "EUR").text("decision")).isEqualTo("approve");
    }

    @Test
    void amountLimitInAZeroDecimalCurrencyCountsWholeUnits() {
        createRule("amount_limit", "decline", Map.of("currency", "JPY", "maxAmount", 5_000));

        assertThat(assess(newCustomer(), 5_000, "JPY").text("decision")).isEqualTo("approve");
        Api.Response over = assess(newCustomer(), 5_001, "JPY");
        assertThat(over.text("decision")).isEqualTo("decline");
        assertThat(over.body().get("reasons").get(0).get("detail").asString()).contains("5001 JPY", "5000 JPY");
    }

    @Test
    void kycRequiredDeclinesAnUnverifiedCustomerFromExactlyTheMinimumAmount() {
        String rule = createRule("kyc_required", "decline", Map.of("currency", "CNY", "minAmount", 20_000));

        Api.Response below = assessUnverified(newCustomer(), 19_999, "CNY");
        Api.Response atMinimum = assessUnverified(newCustomer(), 20_000, "CNY");

        assertThat(below.text("decision")).isEqualTo("approve");
        assertThat(atMinimum.text("decision")).isEqualTo("decline");
        assertThat(atMinimum.text("failureCode")).isEqualTo("kyc_required");
        assertThat(atMinimum.body().get("reasons").get(0).get("rule").asString()).isEqualTo(rule);
    }

    @Test
    void kycRequiredDoesNotFireForAVerifiedCustomer() {
        createRule("kyc_required", "decline", Map.of("currency", "CNY", "minAmount", 20_000));

        assertThat(assess(newCustomer(), 20_000, "CNY").text("decision")).isEqualTo("approve");
    }

    @Test
    void kycRequiredWithReviewActionAsksForReviewWithoutFailureCode() {
        createRule("kyc_required", "review", Map.of("currency", "CNY", "minAmount", 20_000));

        Api.Response r = assessUnverified(newCustomer(), 20_000, "CNY");

        assertThat(r.text("decision")).isEqualTo("review");
        assertThat(r.text("failureCode")).isNull();
    }

    @Test
    void velocityCountAllowsExactlyTheMaximumAndFiresOnThePaymentThatExceedsIt() {
        String rule = createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 3));
        String customer = newCustomer();

        for (int i = 1; i <= 3; i++) {
            assertThat(assess(customer, 100, "CNY").text("decision")).as("payment %d", i).isEqualTo("approve");
        }
        Api.Response fourth = assess(customer, 100, "CNY");

        assertThat(fourth.text("decision")).isEqualTo("review");
        assertThat(fourth.body().get("reasons").get(0).get("rule").asString()).isEqualTo(rule);
        assertThat(fourth.body().get("reasons").get(0).get("detail").asString())
                .isEqualTo("4 payments by this customer within 60 s, above the maximum of 3");
        assertThat(assess(newCustomer(), 100, "CNY").text("decision")).as("another customer").isEqualTo("approve");
    }

    @Test
    void velocitySumAllowsExactlyTheMaximumAndFiresOneMinorUnitOver() {
        createRule("velocity", "decline",
                Map.of("scope", "customer", "windowSeconds", 3600, "maxAmount", 50_000, "currency", "CNY"));
        String atLimit = newCustomer();
        String over = newCustomer();

        assertThat(assess(atLimit, 30_000, "CNY").text("decision")).isEqualTo("approve");
        assertThat(assess(atLimit, 20_000, "CNY").text("decision")).isEqualTo("approve");
        assertThat(assess(over, 30_000, "CNY").text("decision")).isEqualTo("approve");
        Api.Response r = assess(over, 20_001, "CNY");

        assertThat(r.text("decision")).isEqualTo("decline");
        assertThat(r.body().get("reasons").get(0).get("detail").asString())
                .isEqualTo("payments by this customer within 3600 s sum to 500.01 CNY, above the maximum of 500.00 CNY");
        assertThat(assess(over, 1, "USD").text("decision")).as("other currencies are not summed").isEqualTo("approve");
    }

    @Test
    void velocityByDeviceAndIpCountsAcrossCustomers() {
        createRule("velocity", "review", Map.of("scope", "device", "windowSeconds", 60, "maxCount", 2));
        createRule("velocity", "review", Map.of("scope", "ip", "windowSeconds", 60, "maxCount", 2));
        String device = "dev-" + newCustomer();

        assertThat(assess(withContext(newCustomer(), device, "203.0.113.7")).text("decision")).isEqualTo("approve");
        assertThat(assess(withContext(newCustomer(), device, "203.0.113.8")).text("decision")).isEqualTo("approve");
        Api.Response thirdOnDevice = assess(withContext(newCustomer(), device, "203.0.113.7"));

        assertThat(thirdOnDevice.text("decision")).isEqualTo("review");
        assertThat(thirdOnDevice.body().get("reasons")).hasSize(1);
        assertThat(thirdOnDevice.body().get("reasons").get(0).get("detail").asString()).contains("from this device");
    }

    @Test
    void blocklistDeclinesEachListedKindOfValue() {
        createRule("blocklist", "decline", Map.of());
        String customer = newCustomer();
        String device = "dev-" + newCustomer();
        String email = newCustomer().toLowerCase() + "@example.com";

        api.post("/v1/risk/blocklist", body("type", "customer", "value", customer));
        api.post("/v1/risk/blocklist", body("type", "device", "value", device));
        api.post("/v1/risk/blocklist", body("type", "email", "value", email.toUpperCase()));
        api.post("/v1/risk/blocklist", body("type", "ip", "value", "2001:db8:0:0:0:0:0:42"));

        assertBlocked(body("merchant", merchant, "customer", customer, "amount", 100, "currency", "CNY", "kycLevel", "verified"));
        assertBlocked(body("merchant", merchant, "customer", newCustomer(), "amount", 100, "currency", "CNY",
                "kycLevel", "verified", "deviceId", device));
        assertBlocked(body("merchant", merchant, "customer", newCustomer(), "amount", 100, "currency", "CNY",
                "kycLevel", "verified", "email", email));
        assertBlocked(body("merchant", merchant, "customer", newCustomer(), "amount", 100, "currency", "CNY",
                "kycLevel", "verified", "clientIp", "2001:db8::42"));
        assertThat(assess(newCustomer(), 100, "CNY").text("decision")).isEqualTo("approve");
    }

    @Test
    void removingABlocklistEntryLetsTheCustomerPayAgain() {
        createRule("blocklist", "decline", Map.of());
        String customer = newCustomer();
        Api.Response entry = api.post("/v1/risk/blocklist", body("type", "customer", "value", customer));
        assertThat(entry.status()).isEqualTo(201);
        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("decline");

        Api.Response asked = api.delete("/v1/risk/blocklist/" + entry.text("id"));
        assertThat(asked.status()).isEqualTo(202);
        assertThat(assess(customer, 100, "CNY").text("decision")).as("until a second operator approves").isEqualTo("decline");

        assertThat(carryOut(asked.body().path("approval").path("id").asString(), "blocklist_remove", entry.text("id"),
                Map.of()).status()).isEqualTo(200);

        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("approve");
    }

    private void assertBlocked(Map<String, Object> request) {
        Api.Response r = assess(request);
        assertThat(r.text("decision")).as("%s", request).isEqualTo("decline");
        assertThat(r.body().get("score").asInt()).isEqualTo(100);
        assertThat(r.text("failureCode")).isEqualTo("risk_declined");
    }

    private Map<String, Object> withContext(String customer, String device, String ip) {
        return body("merchant", merchant, "customer", customer, "amount", 100, "currency", "CNY", "kycLevel", "verified",
                "deviceId", device, "clientIp", ip);
    }

    private Api.Response assessUnverified(String customer, long amount, String currency) {
        return assess(body("merchant", merchant, "customer", customer, "amount", amount, "currency", currency,
                "kycLevel", "none"));
    }
}

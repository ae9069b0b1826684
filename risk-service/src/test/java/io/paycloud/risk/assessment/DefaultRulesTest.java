package io.paycloud.risk.assessment;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/** The default rule set of the migration (RULES.md) judges payments as documented. */
class DefaultRulesTest extends RiskIntegrationTest {

    @Test
    void anUnverifiedCustomerPaysUpTo4999_99CnyAndIsDeclinedFrom5000Cny() {
        assertThat(unverified(499_999).text("decision")).isEqualTo("approve");
        Api.Response r = unverified(500_000);
        assertThat(r.text("decision")).isEqualTo("decline");
        assertThat(r.text("failureCode")).isEqualTo("kyc_required");
        assertThat(r.body().get("reasons").get(0).get("rule").asString()).isEqualTo("rule_00000000000000000000000009");
    }

    @Test
    void aVerifiedCustomerPaysUpTo50000CnyAndIsDeclinedAbove() {
        assertThat(assess(newCustomer(), 5_000_000, "CNY").text("decision")).isEqualTo("approve");
        Api.Response r = assess(newCustomer(), 5_000_001, "CNY");
        assertThat(r.text("decision")).isEqualTo("decline");
        assertThat(r.text("failureCode")).isEqualTo("risk_declined");
    }

    @Test
    void theEleventhPaymentOfACustomerWithinAMinuteGoesToReview() {
        String customer = newCustomer();
        for (int i = 0; i < 10; i++) {
            assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("approve");
        }
        Api.Response r = assess(customer, 100, "CNY");
        assertThat(r.text("decision")).isEqualTo("review");
        assertThat(r.body().get("reasons").get(0).get("rule").asString()).isEqualTo("rule_00000000000000000000000016");
    }

    private Api.Response unverified(long amount) {
        return assess(body("merchant", merchant, "customer", newCustomer(), "amount", amount, "currency", "CNY",
                "kycLevel", "none"));
    }
}

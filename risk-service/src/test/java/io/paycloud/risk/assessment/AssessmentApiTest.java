package io.paycloud.risk.assessment;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/** Assessments are stored with their inputs and reasons and can be read back; bad input is a 400. */
class AssessmentApiTest extends RiskIntegrationTest {

    @Test
    void aStoredAssessmentReadsBackWithItsInputsAndReasons() {
        String rule = createRule("amount_limit", "review", Map.of("currency", "CNY", "maxAmount", 1_000));
        String customer = newCustomer();
        Api.Response created = assess(body("payment", "pay_123", "merchant", merchant, "customer", customer,
                "amount", 1_001, "currency", "CNY", "kycLevel", "verified", "email", "a@example.com",
                "clientIp", "198.51.100.4", "deviceId", "dev-1"));

        Api.Response read = api.get("/v1/risk/assessments/" + created.text("id"));

        assertThat(created.text("id")).startsWith("asm_");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());
        assertThat(read.text("payment")).isEqualTo("pay_123");
        assertThat(read.text("decision")).isEqualTo("review");
        assertThat(read.text("customer")).isEqualTo(customer);
        assertThat(read.body().get("amount").asLong()).isEqualTo(1_001);
        assertThat(read.text("clientIp")).isEqualTo("198.51.100.4");
        assertThat(read.text("deviceId")).isEqualTo("dev-1");
        assertThat(read.text("email")).isEqualTo("a@example.com");
        assertThat(read.body().get("reasons").get(0).get("rule").asString()).isEqualTo(rule);
    }

    @Test
    void anUnknownAssessmentIsA404Problem() {
        Api.Response r = api.get("/v1/risk/assessments/asm_nope");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text("code")).isEqualTo("resource_missing");
    }

    @Test
    void badAssessmentInputIsA400NamingTheParameter() {
        assertBad(request("currency", "XXX"), "parameter_invalid", "currency");
        assertBad(request("amount", 0), "parameter_invalid", "amount");
        assertBad(request("amount", 99_999_999_999L + 1), "parameter_invalid", "amount");
        assertBad(request("amount", 10.5), "parameter_invalid", "amount");
        assertBad(request("amount", "100"), "json_invalid", "amount");
        assertBad(request("kycLevel", false), "json_invalid", "kycLevel");
        assertBad(request("riskScore", 1), "parameter_unknown", "riskScore");
        assertBad(request("amount", null), "parameter_missing", "amount");
        assertBad(request("kycLevel", "maybe"), "parameter_invalid", "kycLevel");
        assertBad(request("customer", null), "parameter_missing", "customer");
        assertBad(request("clientIp", "not-an-ip"), "parameter_invalid", "clientIp");
        assertBad(request("clientIp", "300.1.1.1"), "parameter_invalid", "clientIp");
        assertBad(request("email", "nope"), "parameter_invalid", "email");
    }

    private Map<String, Object> request(String field, Object value) {
        Map<String, Object> b = body("merchant", merchant, "customer", newCustomer(), "amount", 100, "currency", "CNY",
                "kycLevel", "none");
        b.put(field, value);
        return b;
    }

    private void assertBad(Map<String, Object> request, String code, String param) {
        Api.Response r = api.post("/internal/assessments", request);
        assertThat(r.status()).as("%s", request).isEqualTo(400);
        assertThat(r.text("code")).as("%s", request).isEqualTo(code);
        assertThat(r.text("param")).as("%s", request).isEqualTo(param);
    }
}

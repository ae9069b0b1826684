package io.paycloud.payment.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.payment.PaymentTestSupport;

/** Requests that reach payment-service without going through the gateway are refused, and write nothing. */
class DirectAccessTest extends PaymentTestSupport {

    @Test
    void noIdentityOrAForgedOneIsUnauthenticated() throws Exception {
        World w = world(100_00, 60);
        long before = rows("payment");
        String body = "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        MvcResult none = mvc.perform(post("/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        MvcResult header = mvc.perform(post("/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("PayCloud-Merchant-Id", w.merchant())).andReturn();
        String merchantToken = TestIdentities.merchant(w.merchant());
        String tampered = merchantToken.substring(0, merchantToken.length() - 3) + "AAA";
        MvcResult forged = mvc.perform(post("/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body)
                .header(TestIdentities.HEADER, tampered)).andReturn();
        MvcResult serviceOnV1 = mvc.perform(post("/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body)
                .header(TestIdentities.HEADER, TestIdentities.service("risk-service"))).andReturn();
        for (MvcResult r : new MvcResult[] {none, header, forged, serviceOnV1}) {
            assertThat(r.getResponse().getStatus()).isEqualTo(401);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
            assertThat(body(r).path("code").asString()).isEqualTo("unauthenticated");
        }
        assertThat(rows("payment")).isEqualTo(before);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
    }

    @Test
    void internalFeedAnswersServicesOnly() throws Exception {
        MvcResult merchant = mvc.perform(get("/internal/events")
                .header(TestIdentities.HEADER, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV"))).andReturn();
        assertThat(merchant.getResponse().getStatus()).isEqualTo(401);
        MvcResult service = mvc.perform(get("/internal/events")
                .header(TestIdentities.HEADER, TestIdentities.service("analytics-service"))).andReturn();
        assertThat(service.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void actuatorBeyondHealthNeedsTheOpsLogin() throws Exception {
        assertThat(mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus()).isEqualTo(200);
        MvcResult anonymous = mvc.perform(get("/actuator/env")).andReturn();
        assertThat(anonymous.getResponse().getStatus()).isEqualTo(401);
        assertThat(anonymous.getResponse().getContentType()).startsWith("application/problem+json");
        MvcResult merchant = mvc.perform(get("/actuator/metrics")
                .header(TestIdentities.HEADER, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV"))).andReturn();
        assertThat(merchant.getResponse().getStatus()).isEqualTo(401);
        MvcResult wrong = mvc.perform(get("/actuator/metrics").header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("ops:nope".getBytes()))).andReturn();
        assertThat(wrong.getResponse().getStatus()).isEqualTo(401);
        MvcResult ops = mvc.perform(get("/actuator/metrics").header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("ops:ops".getBytes()))).andReturn();
        assertThat(ops.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aMerchantCannotReviewPayments() throws Exception {
        World w = world(100_00, 60);
        risk.decision = "review";
        String id = pay(w, 10_00, "\"confirm\":true").path("id").asString();
        MvcResult r = mvc.perform(post("/v1/payments/" + id + "/review").contentType(MediaType.APPLICATION_JSON)
                .content("{\"decision\":\"approve\"}").header(TestIdentities.HEADER, TestIdentities.merchant(w.merchant())))
                .andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("status").asString()).isEqualTo("requires_review");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
    }
}

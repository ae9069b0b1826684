package io.paycloud.payment.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;

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
        String merchantToken = TestIdentities.merchant(w.merchant(), "payment-service");
        String tampered = merchantToken.substring(0, merchantToken.length() - 3) + "AAA";
        MvcResult forged = mvc.perform(post("/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body)
                .header(TestIdentities.HEADER, tampered)).andReturn();
        MvcResult serviceOnV1 = mvc.perform(post("/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body)
                .header(TestIdentities.HEADER, TestIdentities.service("risk-service", "payment-service"))).andReturn();
        assertThat(serviceOnV1.getResponse().getStatus()).isEqualTo(403);
        for (MvcResult r : new MvcResult[] {none, header, forged}) {
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
                .header(TestIdentities.HEADER, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "payment-service"))).andReturn();
        assertThat(merchant.getResponse().getStatus()).isEqualTo(403);
        MvcResult risk = mvc.perform(get("/internal/events")
                .header(TestIdentities.HEADER, TestIdentities.service("risk-service", "payment-service"))).andReturn();
        assertThat(risk.getResponse().getStatus()).isEqualTo(403);
        MvcResult service = mvc.perform(get("/internal/events")
                .header(TestIdentities.HEADER, TestIdentities.service("analytics-service", "payment-service"))).andReturn();
        assertThat(service.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theApiPortServesNoActuatorEndpoint() throws Exception {
        // actuator lives on the management port (BoundaryTest probes it); here it is just another unknown path
        String ops = "Basic " + java.util.Base64.getEncoder().encodeToString("ops:ops".getBytes());
        for (String path : new String[] {"/actuator/env", "/actuator/health", "/actuator"}) {
            MvcResult r = mvc.perform(get(path).header("Authorization", ops)).andReturn();
            assertThat(r.getResponse().getStatus()).as(path).isEqualTo(401);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void aMerchantCannotReviewPayments() throws Exception {
        World w = world(100_00, 60);
        risk.rule("amount_limit", "review", Map.of("merchant", w.merchant(), "currency", "CNY", "maxAmount", 1_00));
        String id = pay(w, 10_00, "\"confirm\":true").path("id").asString();
        MvcResult r = mvc.perform(post("/v1/payments/" + id + "/review").contentType(MediaType.APPLICATION_JSON)
                .content("{\"decision\":\"approve\"}").header(TestIdentities.HEADER, TestIdentities.merchant(w.merchant(), "payment-service")))
                .andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("status").asString()).isEqualTo("requires_review");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
    }
}

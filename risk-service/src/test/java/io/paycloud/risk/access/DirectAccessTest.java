package io.paycloud.risk.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.risk.support.RiskIntegrationTest;

/** The risk API answers ops through the gateway and platform services on /internal, nobody else. */
class DirectAccessTest extends RiskIntegrationTest {

    @Autowired
    MockMvc mockMvc;

    @Test
    void aMerchantTokenOrNoTokenOpensNoRiskEndpoint() throws Exception {
        String rule = "{\"name\":\"x\",\"type\":\"amount_limit\",\"action\":\"decline\",\"params\":{\"currency\":\"CNY\",\"maxAmount\":1}}";
        MvcResult none = mockMvc.perform(MockMvcRequestBuilders.post("/v1/risk/rules").contentType(MediaType.APPLICATION_JSON)
                .content(rule)).andReturn();
        assertThat(none.getResponse().getStatus()).isEqualTo(401);
        MvcResult merchant = mockMvc.perform(MockMvcRequestBuilders.post("/v1/risk/rules").contentType(MediaType.APPLICATION_JSON)
                .content(rule).header(TestIdentities.HEADER, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "risk-service"))).andReturn();
        assertThat(merchant.getResponse().getStatus()).isEqualTo(403);
        assertThat(merchant.getResponse().getContentType()).startsWith("application/problem+json");
        MvcResult list = mockMvc.perform(MockMvcRequestBuilders.get("/v1/risk/rules").header(TestIdentities.HEADER, TestIdentities.ops("risk-service")))
                .andReturn();
        assertThat(list.getResponse().getContentAsString()).doesNotContain("\"name\":\"x\"");
    }

    @Test
    void assessmentsAnswerPaymentServiceOnly() throws Exception {
        String body = "{\"merchant\":\"mer_01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"customer\":\"cus_01ARZ3NDEKTSV4RRFFQ69G5FAV\","
                + "\"amount\":100,\"currency\":\"CNY\",\"kycLevel\":\"none\"}";
        MvcResult ops = mockMvc.perform(MockMvcRequestBuilders.post("/internal/assessments").contentType(MediaType.APPLICATION_JSON)
                .content(body).header(TestIdentities.HEADER, TestIdentities.ops("risk-service"))).andReturn();
        assertThat(ops.getResponse().getStatus()).isEqualTo(403);
        MvcResult analytics = mockMvc.perform(MockMvcRequestBuilders.post("/internal/assessments").contentType(MediaType.APPLICATION_JSON)
                .content(body).header(TestIdentities.HEADER, TestIdentities.service("analytics-service", "risk-service"))).andReturn();
        assertThat(analytics.getResponse().getStatus()).isEqualTo(403);
        MvcResult otherAudience = mockMvc.perform(MockMvcRequestBuilders.post("/internal/assessments").contentType(MediaType.APPLICATION_JSON)
                .content(body).header(TestIdentities.HEADER, TestIdentities.service("payment-service", "account-service"))).andReturn();
        assertThat(otherAudience.getResponse().getStatus()).isEqualTo(401);
        MvcResult service = mockMvc.perform(MockMvcRequestBuilders.post("/internal/assessments").contentType(MediaType.APPLICATION_JSON)
                .content(body).header(TestIdentities.HEADER, TestIdentities.service("payment-service", "risk-service"))).andReturn();
        assertThat(service.getResponse().getStatus()).isEqualTo(201);
    }
}

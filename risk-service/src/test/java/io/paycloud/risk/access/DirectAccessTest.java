package io.paycloud.risk.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The risk API answers ops through the gateway and platform services on /internal, nobody else; a
 * refused call is a problem document and does nothing. (BoundaryTest covers every mapping and spelling
 * by status class only: not the answer's body, nor that a refused write left nothing behind.)
 */
class DirectAccessTest extends RiskIntegrationTest {

    @Autowired
    MockMvc mockMvc;

    @Test
    void aMerchantTokenOrNoTokenOpensNoRiskEndpoint() throws Exception {
        String name = "direct access " + UUID.randomUUID();
        String rule = "{\"name\":\"" + name + "\",\"type\":\"amount_limit\",\"action\":\"decline\",\"params\":{\"currency\":\"CNY\",\"maxAmount\":1}}";
        MvcResult none = mockMvc.perform(MockMvcRequestBuilders.post("/v1/risk/rules").contentType(MediaType.APPLICATION_JSON)
                .content(rule)).andReturn();
        assertProblem(none, 401, "unauthenticated");
        MvcResult merchant = mockMvc.perform(MockMvcRequestBuilders.post("/v1/risk/rules").contentType(MediaType.APPLICATION_JSON)
                .content(rule).header(TestIdentities.HEADER, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "risk-service"))).andReturn();
        assertProblem(merchant, 403, "forbidden");

        // nothing was created: the newest rules, as ops read them, hold none of that name
        Api.Response list = api.get("/v1/risk/rules?limit=100");
        assertThat(list.status()).as(list.body().toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.body().path("data").forEach(r -> names.add(r.path("name").asString()));
        assertThat(names).as("the default rules at least").hasSizeGreaterThanOrEqualTo(19).doesNotContain(name);
    }

    @Test
    void assessmentsAnswerPaymentServiceOnly() throws Exception {
        String body = "{\"merchant\":\"mer_01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"customer\":\"cus_01ARZ3NDEKTSV4RRFFQ69G5FAV\","
                + "\"amount\":100,\"currency\":\"CNY\",\"kycLevel\":\"none\"}";
        assertProblem(assess(body, TestIdentities.ops("risk-service")), 403, "forbidden");
        assertProblem(assess(body, TestIdentities.service("analytics-service", "risk-service")), 403, "forbidden");
        assertProblem(assess(body, TestIdentities.service("payment-service", "account-service")), 401, "unauthenticated");
        MvcResult service = assess(body, TestIdentities.service("payment-service", "risk-service"));
        assertThat(service.getResponse().getStatus()).isEqualTo(201);
        JsonNode assessment = json.readTree(service.getResponse().getContentAsString());
        assertThat(assessment.path("id").asString()).startsWith("asm_");
        assertThat(assessment.path("decision").asString()).isEqualTo("approve");
    }

    private MvcResult assess(String body, String identity) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post("/internal/assessments")
                .contentType(MediaType.APPLICATION_JSON).content(body).header(TestIdentities.HEADER, identity);
        return mockMvc.perform(request).andReturn();
    }

    private void assertProblem(MvcResult r, int status, String code) throws Exception {
        String body = r.getResponse().getContentAsString();
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(body);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
    }
}

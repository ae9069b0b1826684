package io.paycloud.account.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.testsupport.TestIdentities;

/** Calls that reach account-service around the gateway, or with the wrong role, are refused and write nothing. */
class DirectAccessTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void forgedOrMissingIdentitiesAreUnauthenticated() throws Exception {
        long merchants = jdbc.sql("SELECT COUNT(*) FROM merchant").query(Long.class).single();
        String[] tokens = {null, "forged", "Bearer forged", TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "risk-service")};
        for (String token : tokens) {
            var request = post("/v1/merchants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"X\"}")
                    .header("PayCloud-Merchant-Id", "mer_01ARZ3NDEKTSV4RRFFQ69G5FAV");
            if (token != null) {
                request.header(TestIdentities.HEADER, token);
            }
            MvcResult r = mvc.perform(request).andReturn();
            assertThat(r.getResponse().getStatus()).as(String.valueOf(token)).isEqualTo(401);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM merchant").query(Long.class).single()).isEqualTo(merchants);
    }

    @Test
    void aMerchantOrAServiceIsForbiddenOnOpsEndpoints() throws Exception {
        long merchants = jdbc.sql("SELECT COUNT(*) FROM merchant").query(Long.class).single();
        for (String token : new String[] {TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "account-service"),
                TestIdentities.service("payment-service", "account-service")}) {
            MvcResult r = mvc.perform(post("/v1/merchants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"X\"}")
                    .header(TestIdentities.HEADER, token)).andReturn();
            assertThat(r.getResponse().getStatus()).isEqualTo(403);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM merchant").query(Long.class).single()).isEqualTo(merchants);
    }

    @Test
    void internalEndpointsAnswerTheirServiceOnly() throws Exception {
        MvcResult ops = mvc.perform(get("/internal/audit").header(TestIdentities.HEADER, TestIdentities.ops("account-service"))).andReturn();
        assertThat(ops.getResponse().getStatus()).isEqualTo(403);
        // a risk-service token cannot post ledger transfers
        MvcResult risk = mvc.perform(post("/internal/transfers").contentType(MediaType.APPLICATION_JSON).content("{}")
                .header(TestIdentities.HEADER, TestIdentities.service("risk-service", "account-service"))).andReturn();
        assertThat(risk.getResponse().getStatus()).isEqualTo(403);
        MvcResult service = mvc.perform(get("/internal/audit")
                .header(TestIdentities.HEADER, TestIdentities.service("analytics-service", "account-service"))).andReturn();
        assertThat(service.getResponse().getStatus()).isEqualTo(200);
    }
}

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
        String[] tokens = {null, "forged", TestIdentities.service("payment-service")};
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
    void aMerchantIsForbiddenOnOpsEndpoints() throws Exception {
        long merchants = jdbc.sql("SELECT COUNT(*) FROM merchant").query(Long.class).single();
        MvcResult r = mvc.perform(post("/v1/merchants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"X\"}")
                .header(TestIdentities.HEADER, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM merchant").query(Long.class).single()).isEqualTo(merchants);
    }

    @Test
    void internalEndpointsAnswerServicesOnly() throws Exception {
        MvcResult ops = mvc.perform(get("/internal/audit").header(TestIdentities.HEADER, TestIdentities.ops())).andReturn();
        assertThat(ops.getResponse().getStatus()).isEqualTo(401);
        MvcResult service = mvc.perform(get("/internal/audit")
                .header(TestIdentities.HEADER, TestIdentities.service("analytics-service"))).andReturn();
        assertThat(service.getResponse().getStatus()).isEqualTo(200);
    }
}

package io.paycloud.account.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestIdentities;
import tools.jackson.databind.json.JsonMapper;

/** Granting a role needs a second administrator, except while there is only one, who could never find a checker. */
class RoleGrantTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Operators operators;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private String make(OperatorRole... roles) {
        String username = "g-" + UUID.randomUUID().toString().substring(0, 8);
        operators.create(username, roles.length == 0 ? EnumSet.noneOf(OperatorRole.class) : EnumSet.of(roles[0], roles), "test",
                Operators.newSecret());
        return username;
    }

    private MvcResult grant(String username, String role, String admin) throws Exception {
        return mvc.perform(post("/v1/operators/" + username + "/roles").contentType(MediaType.APPLICATION_JSON)
                .content("{\"role\":\"" + role + "\"}")
                .header(TestIdentities.HEADER, TestIdentities.operator(admin, "account-service", OperatorRole.ADMIN))).andReturn();
    }

    @Test
    void withTwoAdministratorsAGrantWaitsForTheOther() throws Exception {
        String a1 = make(OperatorRole.ADMIN);
        String a2 = make(OperatorRole.ADMIN);
        String target = make();

        MvcResult requested = grant(target, "treasury", a1);

        assertThat(requested.getResponse().getStatus()).isEqualTo(202);
        String id = json.readTree(requested.getResponse().getContentAsString()).path("approval").path("id").asString();
        assertThat(operators.require(target).roles()).isEmpty();
        MvcResult own = mvc.perform(post("/v1/approvals/" + id + "/approve")
                .header(TestIdentities.HEADER, TestIdentities.operator(a1, "account-service", OperatorRole.ADMIN))).andReturn();
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        MvcResult treasurer = mvc.perform(post("/v1/approvals/" + id + "/approve")
                .header(TestIdentities.HEADER, TestIdentities.operator(target, "account-service", OperatorRole.TREASURY))).andReturn();
        assertThat(treasurer.getResponse().getStatus()).as("a checker needs the admin role").isEqualTo(403);
        assertThat(operators.require(target).roles()).isEmpty();

        MvcResult approved = mvc.perform(post("/v1/approvals/" + id + "/approve")
                .header(TestIdentities.HEADER, TestIdentities.operator(a2, "account-service", OperatorRole.ADMIN))).andReturn();

        assertThat(approved.getResponse().getStatus()).isEqualTo(200);
        assertThat(operators.require(target).roles()).containsExactly(OperatorRole.TREASURY);
    }

    @Test
    void aLoneAdministratorsGrantAppliesAtOnce() throws Exception {
        // only one enabled administrator left: the bootstrap case
        jdbc.sql("UPDATE operator SET enabled = FALSE WHERE roles LIKE '%admin%'").update();
        try {
            String alone = make(OperatorRole.ADMIN);
            String target = make();

            MvcResult granted = grant(target, "risk", alone);

            assertThat(granted.getResponse().getStatus()).isEqualTo(200);
            assertThat(operators.require(target).roles()).containsExactly(OperatorRole.RISK);
            assertThat(grant(target, "superuser", alone).getResponse().getStatus()).isEqualTo(400);
        } finally {
            jdbc.sql("UPDATE operator SET enabled = TRUE").update();
        }
    }

    @Test
    void revokingARoleTakesEffectAtOnce() throws Exception {
        String admin = make(OperatorRole.ADMIN);
        String target = make(OperatorRole.RISK, OperatorRole.VIEWER);

        MvcResult revoked = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/v1/operators/" + target + "/roles/risk")
                .header(TestIdentities.HEADER, TestIdentities.operator(admin, "account-service", OperatorRole.ADMIN))).andReturn();

        assertThat(revoked.getResponse().getStatus()).isEqualTo(200);
        assertThat(operators.require(target).roles()).containsExactly(OperatorRole.VIEWER);
    }
}

package io.paycloud.account.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four-eyes on deposits: above the threshold (1,000,000 minor units by default) nothing moves until a
 * second treasury operator approves, the maker can never decide their own request, and an approved
 * request is executed exactly once.
 */
class FourEyesTest extends IntegrationTest {

    private static final String T1 = TestIdentities.operator("t1", "account-service", OperatorRole.TREASURY);
    private static final String T2 = TestIdentities.operator("t2", "account-service", OperatorRole.TREASURY);
    private static final String T3 = TestIdentities.operator("t3", "account-service", OperatorRole.TREASURY);
    private static final String VIEWER = TestIdentities.operator("v1", "account-service", OperatorRole.VIEWER);

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private String merchantAccount() throws Exception {
        MvcResult r = mvc.perform(post("/v1/merchants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Four Eyes\"}")
                .header(TestIdentities.HEADER, TestIdentities.operator("root", "account-service", OperatorRole.ADMIN))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        return json.readTree(r.getResponse().getContentAsString()).path("accounts").path("CNY").asString();
    }

    private MvcResult deposit(String account, long amount, String who, String idempotencyKey) throws Exception {
        var request = post("/v1/accounts/" + account + "/deposits").contentType(MediaType.APPLICATION_JSON)
                .content("{\"amount\":" + amount + ",\"currency\":\"CNY\"}").header(TestIdentities.HEADER, who);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return mvc.perform(request).andReturn();
    }

    private MvcResult decide(String approval, String decision, String who) throws Exception {
        return mvc.perform(post("/v1/approvals/" + approval + "/" + decision).header(TestIdentities.HEADER, who)).andReturn();
    }

    private long posted(String account) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM transfer WHERE credit_account_id = ?").param(account)
                .query(Long.class).single();
    }

    private JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    @Test
    void aLargeDepositWaitsForASecondTreasuryOperatorAndHappensOnce() throws Exception {
        String account = merchantAccount();

        MvcResult requested = deposit(account, 1_000_001, T1, null);

        assertThat(requested.getResponse().getStatus()).isEqualTo(202);
        JsonNode approval = body(requested).path("approval");
        String id = approval.path("id").asString();
        assertThat(id).startsWith("apr_");
        assertThat(approval.path("status").asString()).isEqualTo("pending");
        assertThat(approval.path("action").asString()).isEqualTo("deposit");
        assertThat(approval.path("object").asString()).isEqualTo(account);
        assertThat(approval.path("maker").asString()).isEqualTo("t1");
        assertThat(approval.path("requiredRole").asString()).isEqualTo("treasury");
        assertThat(approval.path("request").path("amount").asLong()).isEqualTo(1_000_001);
        assertThat(posted(account)).as("nothing moves before approval").isZero();

        MvcResult own = decide(id, "approve", T1);
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(own.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(body(own).path("code").asString()).isEqualTo("forbidden");
        MvcResult ownReject = decide(id, "reject", T1);
        assertThat(ownReject.getResponse().getStatus()).isEqualTo(403);
        MvcResult viewer = decide(id, "approve", VIEWER);
        assertThat(viewer.getResponse().getStatus()).isEqualTo(403);
        assertThat(posted(account)).isZero();

        MvcResult approved = decide(id, "approve", T2);

        assertThat(approved.getResponse().getStatus()).isEqualTo(200);
        JsonNode decided = body(approved).path("approval");
        assertThat(decided.path("status").asString()).isEqualTo("approved");
        assertThat(decided.path("checker").asString()).isEqualTo("t2");
        assertThat(decided.path("result").path("amount").asLong()).isEqualTo(1_000_001);
        assertThat(posted(account)).isEqualTo(1_000_001);

        MvcResult again = decide(id, "approve", T3);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(again).path("code").asString()).isEqualTo("state_invalid");
        assertThat(posted(account)).isEqualTo(1_000_001);
        MvcResult shown = mvc.perform(get("/v1/approvals/" + id).header(TestIdentities.HEADER, VIEWER)).andReturn();
        assertThat(body(shown).path("approval").path("status").asString()).isEqualTo("approved");
    }

    @Test
    void aDepositAtTheThresholdMovesAtOnce() throws Exception {
        String account = merchantAccount();
        assertThat(deposit(account, 1_000_000, T1, null).getResponse().getStatus()).isEqualTo(201);
        assertThat(posted(account)).isEqualTo(1_000_000);
    }

    @Test
    void aRejectedRequestMovesNothingAndCannotBeApprovedLater() throws Exception {
        String account = merchantAccount();
        String id = body(deposit(account, 5_000_000, T1, null)).path("approval").path("id").asString();

        MvcResult rejected = decide(id, "reject", T2);

        assertThat(rejected.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(rejected).path("approval").path("status").asString()).isEqualTo("rejected");
        assertThat(decide(id, "approve", T3).getResponse().getStatus()).isEqualTo(409);
        assertThat(posted(account)).isZero();
    }

    @Test
    void anExpiredRequestCannotBeApproved() throws Exception {
        String account = merchantAccount();
        String id = body(deposit(account, 2_000_000, T1, null)).path("approval").path("id").asString();
        jdbc.sql("UPDATE approval SET expires_at = created_at WHERE id = ?").param(id).update();

        MvcResult late = decide(id, "approve", T2);

        assertThat(late.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(late).path("code").asString()).isEqualTo("state_invalid");
        assertThat(body(late).path("detail").asString()).contains("expired");
        assertThat(posted(account)).isZero();
        MvcResult listed = mvc.perform(get("/v1/approvals?status=expired&limit=100").header(TestIdentities.HEADER, VIEWER)).andReturn();
        assertThat(listed.getResponse().getContentAsString()).contains(id);
        MvcResult pending = mvc.perform(get("/v1/approvals?status=pending&limit=100").header(TestIdentities.HEADER, VIEWER)).andReturn();
        assertThat(pending.getResponse().getContentAsString()).doesNotContain(id);
    }

    @Test
    void aRetriedRequestFindsItsApprovalInsteadOfMakingAnother() throws Exception {
        String account = merchantAccount();
        String first = body(deposit(account, 3_000_000, T1, "top-up-7")).path("approval").path("id").asString();
        String second = body(deposit(account, 3_000_000, T1, "top-up-7")).path("approval").path("id").asString();
        assertThat(second).isEqualTo(first);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM approval WHERE object_id = ?").param(account).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void checkersRacingOnOneRequestMoveTheMoneyOnce() throws Exception {
        String account = merchantAccount();
        String id = body(deposit(account, 7_000_000, T1, null)).path("approval").path("id").asString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> checkers = new ArrayList<>();
            for (String checker : new String[] {T2, T3, T2, T3}) {
                checkers.add(() -> decide(id, "approve", checker).getResponse().getStatus());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(checkers)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(posted(account)).isEqualTo(7_000_000);
    }

    @Test
    void badDepositsAreRefusedBeforeAnythingIsStored() throws Exception {
        String account = merchantAccount();
        long before = jdbc.sql("SELECT COUNT(*) FROM approval").query(Long.class).single();
        for (String bad : new String[] {"{\"amount\":5000000,\"currency\":\"USD\"}", "{\"amount\":5000000,\"currency\":\"XXX\"}",
                "{\"amount\":0,\"currency\":\"CNY\"}", "{\"amount\":-5,\"currency\":\"CNY\"}", "{\"currency\":\"CNY\"}",
                "{\"amount\":100000000000,\"currency\":\"CNY\"}"}) {
            MvcResult r = mvc.perform(post("/v1/accounts/" + account + "/deposits").contentType(MediaType.APPLICATION_JSON)
                    .content(bad).header(TestIdentities.HEADER, T1)).andReturn();
            assertThat(r.getResponse().getStatus()).as(bad).isEqualTo(400);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM approval").query(Long.class).single()).isEqualTo(before);
        assertThat(posted(account)).isZero();
    }
}

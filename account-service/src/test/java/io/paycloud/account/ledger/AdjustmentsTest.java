package io.paycloud.account.ledger;

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
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Treasury's corrections: booked against the currency's adjustments account in either direction, never
 * overdrawing the account, idempotent with a key, and above the threshold (100,000 minor units by
 * default) waiting for a second treasury operator. Money is neither created nor lost: every booking has
 * its opposite on the adjustments account.
 */
class AdjustmentsTest extends IntegrationTest {

    private static final String T1 = TestIdentities.operator("t1", "account-service", OperatorRole.TREASURY);
    private static final String T2 = TestIdentities.operator("t2", "account-service", OperatorRole.TREASURY);
    private static final String RISK = TestIdentities.operator("r1", "account-service", OperatorRole.RISK);

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Ledger ledger;

    private String funded(long amount) throws Exception {
        MvcResult r = mvc.perform(post("/v1/merchants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Adjusted\"}")
                .header(TestIdentities.HEADER, TestIdentities.operator("root", "account-service", OperatorRole.ADMIN))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        String account = body(r).path("accounts").path("CNY").asString();
        if (amount > 0) {
            MvcResult d = mvc.perform(post("/v1/accounts/" + account + "/deposits").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"amount\":" + amount + ",\"currency\":\"CNY\"}").header(TestIdentities.HEADER, T1)).andReturn();
            assertThat(d.getResponse().getStatus()).isEqualTo(201);
        }
        return account;
    }

    private MvcResult adjust(String account, String body, String who, String idempotencyKey) throws Exception {
        var request = post("/v1/accounts/" + account + "/adjustments").contentType(MediaType.APPLICATION_JSON).content(body)
                .header(TestIdentities.HEADER, who);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return mvc.perform(request).andReturn();
    }

    private static String adjustment(long amount, String direction) {
        return "{\"amount\":" + amount + ",\"currency\":\"CNY\",\"direction\":\"" + direction
                + "\",\"reason\":\"chargeback fee reversed, ticket 4411\"}";
    }

    private JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    private long available(String account) {
        return ledger.account(account).orElseThrow().available();
    }

    /** The adjustments account's net: credits it received minus debits it gave. */
    private long adjustmentsNet() {
        AccountBalance a = ledger.account(ledger.systemAccount(AccountType.ADJUSTMENTS, "CNY")).orElseThrow();
        return a.posted();
    }

    private long transfers() {
        return jdbc.sql("SELECT COUNT(*) FROM transfer").query(Long.class).single();
    }

    @Test
    void aCreditAndADebitMoveMoneyAgainstTheAdjustmentsAccountAndNothingElse() throws Exception {
        String account = funded(10_000);
        long net = adjustmentsNet();

        MvcResult credit = adjust(account, adjustment(2_500, "credit"), T1, null);

        assertThat(credit.getResponse().getStatus()).isEqualTo(201);
        JsonNode t = body(credit);
        assertThat(t.path("kind").asString()).isEqualTo("single");
        assertThat(t.path("creditAccountId").asString()).isEqualTo(account);
        assertThat(t.path("debitAccountId").asString()).isEqualTo(ledger.systemAccount(AccountType.ADJUSTMENTS, "CNY"));
        assertThat(available(account)).isEqualTo(12_500);
        assertThat(adjustmentsNet()).isEqualTo(net - 2_500);

        MvcResult debit = adjust(account, adjustment(12_000, "debit"), T1, null);

        assertThat(debit.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(debit).path("debitAccountId").asString()).isEqualTo(account);
        assertThat(available(account)).isEqualTo(500);
        assertThat(adjustmentsNet()).isEqualTo(net + 9_500);
    }

    @Test
    void aDebitBeyondTheAvailableBalanceIsRefusedAndBooksNothing() throws Exception {
        String account = funded(1_000);
        long before = transfers();

        MvcResult r = adjust(account, adjustment(1_001, "debit"), T1, null);

        assertThat(r.getResponse().getStatus()).isEqualTo(409);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(body(r).path("code").asString()).isEqualTo("insufficient_funds");
        assertThat(available(account)).isEqualTo(1_000);
        assertThat(transfers()).isEqualTo(before);
    }

    @Test
    void aRetryWithTheSameKeyIsBookedOnceAndAnotherDirectionUnderItIsRefused() throws Exception {
        String account = funded(5_000);

        MvcResult first = adjust(account, adjustment(700, "debit"), T1, "fix-88");
        MvcResult again = adjust(account, adjustment(700, "debit"), T1, "fix-88");
        MvcResult flipped = adjust(account, adjustment(700, "credit"), T1, "fix-88");

        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(again).path("id").asString()).isEqualTo(body(first).path("id").asString());
        assertThat(flipped.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(flipped).path("code").asString()).isEqualTo("transfer_exists");
        assertThat(available(account)).isEqualTo(4_300);
    }

    @Test
    void aLargeAdjustmentWaitsForASecondTreasuryOperatorAndIsBookedOnce() throws Exception {
        String account = funded(900_000);
        long net = adjustmentsNet();

        MvcResult requested = adjust(account, adjustment(150_000, "debit"), T1, null);

        assertThat(requested.getResponse().getStatus()).isEqualTo(202);
        JsonNode approval = body(requested).path("approval");
        assertThat(approval.path("action").asString()).isEqualTo("adjustment");
        assertThat(approval.path("requiredRole").asString()).isEqualTo("treasury");
        assertThat(approval.path("request").path("direction").asString()).isEqualTo("debit");
        assertThat(approval.path("request").path("reason").asString()).isEqualTo("chargeback fee reversed, ticket 4411");
        String id = approval.path("id").asString();
        assertThat(available(account)).as("nothing moves before approval").isEqualTo(900_000);

        assertThat(mvc.perform(post("/v1/approvals/" + id + "/approve").header(TestIdentities.HEADER, T1)).andReturn()
                .getResponse().getStatus()).as("the maker's own approval").isEqualTo(403);
        assertThat(mvc.perform(post("/v1/approvals/" + id + "/approve").header(TestIdentities.HEADER, RISK)).andReturn()
                .getResponse().getStatus()).as("a checker without treasury").isEqualTo(403);
        assertThat(available(account)).isEqualTo(900_000);

        MvcResult approved = mvc.perform(post("/v1/approvals/" + id + "/approve").header(TestIdentities.HEADER, T2)).andReturn();

        assertThat(approved.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(approved).path("approval").path("result").path("amount").asLong()).isEqualTo(150_000);
        assertThat(available(account)).isEqualTo(750_000);
        assertThat(adjustmentsNet()).isEqualTo(net + 150_000);
        assertThat(mvc.perform(post("/v1/approvals/" + id + "/approve").header(TestIdentities.HEADER, T2)).andReturn()
                .getResponse().getStatus()).isEqualTo(409);
        assertThat(available(account)).isEqualTo(750_000);
    }

    @Test
    void anApprovedDebitTheAccountCanNoLongerCoverStaysPendingAndMovesNothing() throws Exception {
        String account = funded(200_000);
        String id = body(adjust(account, adjustment(180_000, "debit"), T1, null)).path("approval").path("id").asString();
        assertThat(adjust(account, adjustment(50_000, "debit"), T1, null).getResponse().getStatus()).isEqualTo(201);

        MvcResult approved = mvc.perform(post("/v1/approvals/" + id + "/approve").header(TestIdentities.HEADER, T2)).andReturn();

        assertThat(approved.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(approved).path("code").asString()).isEqualTo("insufficient_funds");
        assertThat(available(account)).isEqualTo(150_000);
        MvcResult shown = mvc.perform(get("/v1/approvals/" + id).header(TestIdentities.HEADER, T2)).andReturn();
        assertThat(body(shown).path("approval").path("status").asString()).isEqualTo("pending");
    }

    @Test
    void badAdjustmentsAreRefusedBeforeAnythingIsStored() throws Exception {
        String account = funded(1_000);
        String funding = ledger.systemAccount(AccountType.FUNDING, "CNY");
        long approvals = jdbc.sql("SELECT COUNT(*) FROM approval").query(Long.class).single();
        long before = transfers();
        String[][] bad = {
                {account, "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"credit\"}", "parameter_missing", "reason"},
                {account, "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"credit\",\"reason\":\"  \"}", "parameter_missing", "reason"},
                {account, "{\"amount\":5,\"currency\":\"CNY\",\"reason\":\"x\"}", "parameter_missing", "direction"},
                {account, "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"up\",\"reason\":\"x\"}", "parameter_invalid", "direction"},
                {account, "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"CREDIT\",\"reason\":\"x\"}", "parameter_invalid", "direction"},
                {account, "{\"amount\":5,\"currency\":\"USD\",\"direction\":\"credit\",\"reason\":\"x\"}", "parameter_invalid", "currency"},
                {account, "{\"amount\":0,\"currency\":\"CNY\",\"direction\":\"credit\",\"reason\":\"x\"}", "parameter_invalid", "amount"},
                {account, "{\"amount\":500000,\"currency\":\"CNY\",\"direction\":\"credit\",\"reason\":\"" + "r".repeat(501) + "\"}",
                        "parameter_invalid", "reason"},
                {account, "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"credit\",\"reason\":\"x\",\"fee\":1}", "parameter_unknown", "fee"},
                {funding, "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"debit\",\"reason\":\"x\"}", "parameter_invalid", "id"}};
        for (String[] b : bad) {
            MvcResult r = adjust(b[0], b[1], T1, null);
            assertThat(r.getResponse().getStatus()).as(b[1]).isEqualTo(400);
            assertThat(r.getResponse().getContentType()).as(b[1]).startsWith("application/problem+json");
            assertThat(body(r).path("code").asString()).as(b[1]).isEqualTo(b[2]);
            assertThat(body(r).path("param").asString()).as(b[1]).isEqualTo(b[3]);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM approval").query(Long.class).single()).isEqualTo(approvals);
        assertThat(transfers()).isEqualTo(before);
        assertThat(available(account)).isEqualTo(1_000);
    }
}

package io.paycloud.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.common.crypto.FieldCipher;
import io.paycloud.common.id.Ids;
import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.payment.account.AccountDirectory;
import io.paycloud.payment.idempotency.IdempotencyStore;
import io.paycloud.payment.support.FakeDirectory;
import io.paycloud.payment.support.FakeLedger;
import io.paycloud.payment.support.FakeRisk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * payment-service on its real database (MariaDB in CI, else H2) with account-service and risk-service
 * replaced by in-memory doubles that keep the ledger's semantics and can inject faults.
 */
// the janitors run only when a test calls them: a scheduled pass would settle other tests' payments (the
// database is shared) through this context's ledger double, taking a fault a test queued for its own call
@SpringBootTest(properties = {"paycloud.payments.janitor-after=200ms", "paycloud.payments.janitor-interval=1h",
        "paycloud.payments.janitor-initial-delay=1h"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(PaymentTestSupport.Doubles.class)
public abstract class PaymentTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "payments");
    }

    @TestConfiguration
    static class Doubles {

        @Bean
        @Primary
        FakeLedger fakeLedger() {
            return new FakeLedger();
        }

        @Bean
        @Primary
        FakeRisk fakeRisk() {
            return new FakeRisk();
        }

        @Bean
        @Primary
        FakeDirectory fakeDirectory() {
            return new FakeDirectory();
        }
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected FakeLedger ledger;
    @Autowired
    protected FakeRisk risk;
    @Autowired
    protected FakeDirectory directory;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected FieldCipher cipher;

    protected final JsonMapper json = JsonMapper.builder().build();

    /** A merchant with a CNY account and a customer wallet holding {@code balance}. */
    protected record World(String merchant, String merchantAccount, String customer, String wallet, String feeAccount) {
    }

    protected World world(long balance, int feeBps) {
        String merchant = Ids.newId("mer");
        String merchantAccount = Ids.newId("acc");
        String wallet = Ids.newId("acc");
        String feeAccount = "acc_fees_CNY";
        String funding = "acc_funding_CNY";
        ledger.open(merchantAccount, true);
        ledger.open(wallet, true);
        if (ledger.account(feeAccount) == null) {
            // as account-service opens them: fees may not go below zero, funding may
            ledger.open(feeAccount, true);
            ledger.open(funding, false);
        }
        ledger.deposit(wallet, balance);
        directory.merchant(new AccountDirectory.MerchantInfo(merchant, feeBps, Map.of("CNY", merchantAccount)));
        String customer = Ids.newId("cus");
        directory.customer(new AccountDirectory.CustomerInfo(customer, merchant, wallet, "CNY", "none", null));
        directory.feeAccount("CNY", feeAccount);
        // a risk-service just deployed: its default rules approve a small payment
        risk.reset();
        ledger.clearFaults();
        return new World(merchant, merchantAccount, customer, wallet, feeAccount);
    }

    /** The same merchant with another customer, its own wallet holding {@code balance}. */
    protected World anotherCustomer(World w, long balance) {
        String wallet = Ids.newId("acc");
        ledger.open(wallet, true);
        ledger.deposit(wallet, balance);
        String customer = Ids.newId("cus");
        directory.customer(new AccountDirectory.CustomerInfo(customer, w.merchant(), wallet, "CNY", "none", null));
        return new World(w.merchant(), w.merchantAccount(), customer, wallet, w.feeAccount());
    }

    protected MvcResult postJson(String merchant, String path, String body, String idempotencyKey) throws Exception {
        var req = post(path).contentType(MediaType.APPLICATION_JSON).content(body == null ? "" : body);
        req.header(TestIdentities.HEADER, merchant != null ? TestIdentities.merchant(merchant, "payment-service") : TestIdentities.ops("payment-service"));
        if (idempotencyKey != null) {
            req.header("Idempotency-Key", idempotencyKey);
        }
        return mvc.perform(req).andReturn();
    }

    protected MvcResult getJson(String merchant, String path) throws Exception {
        return mvc.perform(get(path).header(TestIdentities.HEADER, TestIdentities.merchant(merchant, "payment-service"))).andReturn();
    }

    protected JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }

    protected JsonNode pay(World w, long amount, String extra) throws Exception {
        MvcResult r = postJson(w.merchant(), "/v1/payments", "{\"amount\":" + amount + ",\"currency\":\"CNY\",\"customer\":\""
                + w.customer() + "\"" + (extra == null ? "" : "," + extra) + "}", null);
        if (r.getResponse().getStatus() != 201) {
            throw new AssertionError("payment not created: " + r.getResponse().getStatus() + " "
                    + r.getResponse().getContentAsString());
        }
        return body(r);
    }

    /** The key's record is done with exactly {@code answer}, sealed at rest and bound to its scope and key. */
    protected void assertKeyStored(World w, String key, MvcResult answer) throws Exception {
        var row = jdbc.sql("SELECT state, response_status, response_body FROM idempotency_record"
                + " WHERE merchant_id = ? AND idempotency_key = ?").params("merchant:" + w.merchant(), key)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)}).single();
        assertThat(row[0]).isEqualTo("done");
        assertThat(row[1]).isEqualTo(answer.getResponse().getStatus());
        assertThat((String) row[2]).startsWith("v1:");
        assertThat(cipher.open((String) row[2],
                IdempotencyStore.associatedData("merchant:" + w.merchant(), key)))
                .isEqualTo(answer.getResponse().getContentAsString());
    }

    /** How many records the merchant's key has (0 or 1). */
    protected long keyRecords(World w, String key) {
        return jdbc.sql("SELECT COUNT(*) FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ?")
                .params("merchant:" + w.merchant(), key).query(Long.class).single();
    }

    protected long rows(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}

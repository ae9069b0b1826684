package io.paycloud.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.paycloud.common.money.Currencies;
import io.paycloud.common.testsupport.TestIdentities;

/** The HTTP contract of API.md (ops: merchants, customers, money in) and the internal endpoints. */
class ApiTest extends IntegrationTest {

    private static final String ID_NUMBER = "11010519491231002X";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private ResultActions call(MockHttpServletRequestBuilder request, String body, String merchantId) throws Exception {
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(as(request, merchantId));
    }

    /**
     * Signs the request as the gateway would: for a merchant when {@code merchantId} is given, else as
     * ops; {@code /internal/} calls carry the identity of the service allowed to make them.
     */
    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String merchantId) {
        String path = request.buildRequest(new org.springframework.mock.web.MockServletContext()).getRequestURI();
        String token = path.startsWith("/internal/api-keys/") ? TestIdentities.service("gateway-service", "account-service")
                : path.equals("/internal/audit") ? TestIdentities.service("analytics-service", "account-service")
                : path.startsWith("/internal/") ? TestIdentities.service("payment-service", "account-service")
                : merchantId != null ? TestIdentities.merchant(merchantId, "account-service") : TestIdentities.ops("account-service");
        return request.header(TestIdentities.HEADER, token);
    }

    private static String read(ResultActions r, String path) throws Exception {
        Object v = JsonPath.read(r.andReturn().getResponse().getContentAsString(), path);
        return v == null ? null : v.toString();
    }

    private Map<String, String> merchant() throws Exception {
        ResultActions r = call(post("/v1/merchants"), "{\"name\":\"Tea House\"}", null).andExpect(status().isCreated());
        return Map.of("id", read(r, "$.id"), "key", read(r, "$.secretKey"), "cny", read(r, "$.accounts.CNY"));
    }

    private String customer(String merchantId, String currency) throws Exception {
        return read(call(post("/v1/customers"), "{\"name\":\"Li Lei\",\"email\":\"li@example.com\",\"currency\":\"" + currency + "\"}",
                merchantId).andExpect(status().isCreated()), "$.id");
    }

    @Test
    void creatingAMerchantOpensOneAccountPerCurrencyAndShowsTheKeyOnce() throws Exception {
        ResultActions created = call(post("/v1/merchants"), "{\"name\":\"Noodle Bar\",\"feeBps\":45}", null)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(org.hamcrest.Matchers.startsWith("mer_")))
                .andExpect(jsonPath("$.feeBps").value(45))
                .andExpect(jsonPath("$.secretKey").value(org.hamcrest.Matchers.startsWith("sk_test_")));
        String id = read(created, "$.id");
        Map<String, Object> accounts = JsonPath.read(created.andReturn().getResponse().getContentAsString(), "$.accounts");
        assertThat(accounts.keySet()).containsExactlyElementsOf(Currencies.codes());

        call(get("/v1/merchants/" + id), null, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.secretKey").doesNotExist())
                .andExpect(jsonPath("$.accounts.CNY").value(accounts.get("CNY")));
        String key = read(created, "$.secretKey");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_key WHERE key_hash = ?").param(key).query(Long.class).single()).isZero();
    }

    @Test
    void theDefaultFeeIs60BasisPoints() throws Exception {
        call(post("/v1/merchants"), "{\"name\":\"Default Fee\"}", null).andExpect(jsonPath("$.feeBps").value(60));
    }

    @Test
    void badMerchantInputIsAProblemNamingTheParameter() throws Exception {
        call(post("/v1/merchants"), "{}", null).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("parameter_missing")).andExpect(jsonPath("$.param").value("name"));
        call(post("/v1/merchants"), "{\"name\":\"x\",\"feeBps\":10001}", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("feeBps"));
        call(post("/v1/merchants"), "{\"name\":\"x\",\"feeBps\":1.5}", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("feeBps"));
        call(post("/v1/merchants"), "{\"name\":", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("json_invalid"));
    }

    @Test
    void aKeyResolvesToItsMerchantAndStopsAtRotationWithoutGrace() throws Exception {
        Map<String, String> m = merchant();
        call(post("/internal/api-keys/resolve"), "{\"secretKey\":\"" + m.get("key") + "\"}", null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.merchantId").value(m.get("id")));

        String newKey = read(call(post("/v1/merchants/" + m.get("id") + "/keys"), null, null)
                .andExpect(status().isCreated()), "$.secretKey");

        call(post("/internal/api-keys/resolve"), "{\"secretKey\":\"" + m.get("key") + "\"}", null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.param").value("secretKey"));
        call(post("/internal/api-keys/resolve"), "{\"secretKey\":\"" + newKey + "\"}", null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.merchantId").value(m.get("id")));
    }

    @Test
    void aRotationWithGraceKeepsTheOldKeyWorkingUntilItEnds() throws Exception {
        Map<String, String> m = merchant();
        call(post("/v1/merchants/" + m.get("id") + "/keys?expireOldInSeconds=3600"), null, null)
                .andExpect(status().isCreated()).andExpect(jsonPath("$.oldKeysExpireAt").exists());

        call(post("/internal/api-keys/resolve"), "{\"secretKey\":\"" + m.get("key") + "\"}", null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.expiresAt").exists());
        call(post("/v1/merchants/" + m.get("id") + "/keys?expireOldInSeconds=-1"), null, null)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.param").value("expireOldInSeconds"));
        call(post("/v1/merchants/mer_01JD2M8Q4W8Y7N3K5T6V9X0ZAB/keys"), null, null).andExpect(status().isNotFound());
    }

    @Test
    void anUnknownKeyDoesNotResolve() throws Exception {
        call(post("/internal/api-keys/resolve"), "{\"secretKey\":\"sk_test_nope\"}", null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("resource_missing"));
    }

    @Test
    void customersNeedAMerchantIdentity() throws Exception {
        mvc.perform(post("/v1/customers").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"A\",\"currency\":\"CNY\"}"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("unauthenticated"));
        call(post("/v1/customers"), "{\"name\":\"A\",\"currency\":\"CNY\"}", null).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
    }

    @Test
    void aNewCustomerHasAnEmptyWalletAndNoKyc() throws Exception {
        Map<String, String> m = merchant();
        call(post("/v1/customers"), "{\"name\":\"Han Meimei\",\"currency\":\"CNY\"}", m.get("id"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(org.hamcrest.Matchers.startsWith("cus_")))
                .andExpect(jsonPath("$.kycLevel").value("none"))
                .andExpect(jsonPath("$.accountId").value(org.hamcrest.Matchers.startsWith("acc_")))
                .andExpect(jsonPath("$.balance.available").value(0))
                .andExpect(jsonPath("$.balance.currency").value("CNY"));
        call(post("/v1/customers"), "{\"name\":\"X\",\"currency\":\"ABC\"}", m.get("id")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("currency"));
        call(post("/v1/customers"), "{\"name\":\"X\",\"currency\":\"CNY\",\"email\":\"not-an-email\"}", m.get("id"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.param").value("email"));
    }

    @Test
    void anotherMerchantsCustomerAndAccountAreNotFound() throws Exception {
        Map<String, String> a = merchant();
        Map<String, String> b = merchant();
        String cus = customer(a.get("id"), "CNY");
        String wallet = read(call(get("/v1/customers/" + cus), null, a.get("id")).andExpect(status().isOk()), "$.accountId");

        call(get("/v1/customers/" + cus), null, b.get("id")).andExpect(status().isNotFound());
        call(get("/v1/accounts/" + wallet), null, b.get("id")).andExpect(status().isNotFound());
        call(get("/v1/accounts/" + a.get("cny")), null, b.get("id")).andExpect(status().isNotFound());
        call(get("/v1/accounts/" + wallet), null, a.get("id")).andExpect(status().isOk())
                .andExpect(jsonPath("$.type").value("wallet"));
    }

    @Test
    void verificationMasksTheIdNumberAndStoresItOnlyEncrypted() throws Exception {
        Map<String, String> m = merchant();
        String cus = customer(m.get("id"), "CNY");

        call(post("/v1/customers/" + cus + "/verification"), "{\"fullName\":\"李雷\",\"idNumber\":\"" + ID_NUMBER + "\"}", m.get("id"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kycLevel").value("verified"))
                .andExpect(jsonPath("$.idNumberMasked").value("110***********002X"));

        String raw = jdbc.sql("SELECT kyc_id_number_enc FROM customer WHERE id = ?").param(cus).query(String.class).single();
        assertThat(raw).startsWith("v1:").doesNotContain(ID_NUMBER).doesNotContain("19491231");
        List<String> everything = jdbc.sql("SELECT CONCAT(COALESCE(kyc_id_number_enc,''), '|', COALESCE(kyc_id_masked,''), '|', name) FROM customer WHERE id = ?")
                .param(cus).query(String.class).list();
        assertThat(everything).noneMatch(s -> s.contains(ID_NUMBER));
        String body = call(get("/v1/customers/" + cus), null, m.get("id")).andExpect(jsonPath("$.kycLevel").value("verified"))
                .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain(ID_NUMBER);

        // the same number again is a no-op, another number is refused
        call(post("/v1/customers/" + cus + "/verification"), "{\"fullName\":\"李雷\",\"idNumber\":\"" + ID_NUMBER + "\"}", m.get("id"))
                .andExpect(status().isOk());
        call(post("/v1/customers/" + cus + "/verification"), "{\"fullName\":\"李雷\",\"idNumber\":\"440308199901010012\"}", m.get("id"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.param").value("idNumber"));
    }

    @Test
    void anIdNumberWithAWrongCheckDigitIsRejected() throws Exception {
        Map<String, String> m = merchant();
        String cus = customer(m.get("id"), "CNY");

        call(post("/v1/customers/" + cus + "/verification"), "{\"fullName\":\"李雷\",\"idNumber\":\"110105194912310021\"}", m.get("id"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("parameter_invalid"))
                .andExpect(jsonPath("$.param").value("idNumber"));
        call(get("/v1/customers/" + cus), null, m.get("id")).andExpect(jsonPath("$.kycLevel").value("none"));
    }

    @Test
    void aDepositFromFundingShowsInTheCustomerBalance() throws Exception {
        Map<String, String> m = merchant();
        String cus = customer(m.get("id"), "CNY");
        String wallet = read(call(get("/v1/customers/" + cus), null, m.get("id")), "$.accountId");

        call(post("/v1/accounts/" + wallet + "/deposits"), "{\"amount\":12345,\"currency\":\"CNY\"}", null)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.creditAccountId").value(wallet))
                .andExpect(jsonPath("$.amount").value(12345));

        call(get("/v1/customers/" + cus), null, m.get("id")).andExpect(jsonPath("$.balance.available").value(12345));
        call(get("/v1/accounts/" + wallet), null, m.get("id")).andExpect(jsonPath("$.posted").value(12345))
                .andExpect(jsonPath("$.available").value(12345)).andExpect(jsonPath("$.currency").value("CNY"));
    }

    @Test
    void aRetriedDepositWithTheSameIdempotencyKeyIsRecordedOnce() throws Exception {
        Map<String, String> m = merchant();
        String body = "{\"amount\":500,\"currency\":\"CNY\"}";
        mvc.perform(as(post("/v1/accounts/" + m.get("cny") + "/deposits"), null).header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
        mvc.perform(as(post("/v1/accounts/" + m.get("cny") + "/deposits"), null).header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isOk());
        call(get("/v1/accounts/" + m.get("cny")), null, m.get("id")).andExpect(jsonPath("$.posted").value(500));
    }

    @Test
    void amountsThatAreNotPositiveWholeMinorUnitsAreRejected() throws Exception {
        Map<String, String> m = merchant();
        String path = "/v1/accounts/" + m.get("cny") + "/deposits";
        for (String amount : List.of("10.5", "\"100\"", "0", "-1", "100000000000", "1e3", "true")) {
            call(post(path), "{\"amount\":" + amount + ",\"currency\":\"CNY\"}", null)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.param").value("amount"));
        }
        call(post(path), "{\"amount\":100,\"currency\":\"USD\"}", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("currency"));
        call(post(path), "{\"amount\":100,\"currency\":\"cny\"}", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("currency"));
        call(post("/v1/accounts/acc_01JD2M8Q4W8Y7N3K5T6V9X0ZAB/deposits"), "{\"amount\":1,\"currency\":\"CNY\"}", null)
                .andExpect(status().isNotFound());
        call(get("/v1/accounts/" + m.get("cny")), null, m.get("id")).andExpect(jsonPath("$.posted").value(0));
    }

    @Test
    void theTransferEndpointIsIdempotentAndNamesTheDifferingField() throws Exception {
        Map<String, String> m = merchant();
        String wallet = read(call(get("/v1/customers/" + customer(m.get("id"), "CNY")), null, m.get("id")), "$.accountId");
        call(post("/v1/accounts/" + wallet + "/deposits"), "{\"amount\":1000,\"currency\":\"CNY\"}", null);
        String transfer = "{\"id\":\"pay_X.auth\",\"kind\":\"pending\",\"debitAccountId\":\"" + wallet + "\",\"creditAccountId\":\""
                + m.get("cny") + "\",\"amount\":700,\"currency\":\"CNY\",\"timeoutSeconds\":600}";
        String id = "pay_" + System.nanoTime() + ".auth";
        transfer = transfer.replace("pay_X.auth", id);

        call(post("/internal/transfers"), transfer, null).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("pending")).andExpect(jsonPath("$.expiresAt").exists());
        call(post("/internal/transfers"), transfer, null).andExpect(status().isOk());
        call(post("/internal/transfers"), transfer.replace("\"amount\":700", "\"amount\":701"), null).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("transfer_exists")).andExpect(jsonPath("$.param").value("amount"));
        call(get("/internal/transfers/" + id), null, null).andExpect(status().isOk()).andExpect(jsonPath("$.amount").value(700));
        call(get("/internal/transfers/nope"), null, null).andExpect(status().isNotFound());
        call(get("/v1/customers/" + JsonPath.read(call(get("/internal/accounts/" + wallet), null, null)
                .andReturn().getResponse().getContentAsString(), "$.ownerId")), null, m.get("id"))
                .andExpect(jsonPath("$.balance.available").value(300));

        call(post("/internal/transfers"), "{\"id\":\"" + id + ".cap\",\"kind\":\"post_pending\",\"pendingId\":\"" + id
                + "\",\"amount\":701}", null).andExpect(status().isBadRequest()).andExpect(jsonPath("$.param").value("amount"));
        call(post("/internal/transfers"), "{\"id\":\"" + id + ".cap\",\"kind\":\"post_pending\",\"pendingId\":\"" + id
                + "\",\"amount\":600}", null).andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("posted"));
        call(post("/internal/transfers"), "{\"id\":\"" + id + ".void\",\"kind\":\"void_pending\",\"pendingId\":\"" + id + "\"}", null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("pending_transfer_already_posted"));
        call(post("/internal/transfers"), "{\"id\":\"x\",\"kind\":\"teleport\"}", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("kind"));
    }

    @Test
    void theBatchEndpointReportsEachTransfer() throws Exception {
        Map<String, String> m = merchant();
        String wallet = read(call(get("/v1/customers/" + customer(m.get("id"), "CNY")), null, m.get("id")), "$.accountId");
        call(post("/v1/accounts/" + wallet + "/deposits"), "{\"amount\":100,\"currency\":\"CNY\"}", null);
        String prefix = "b" + System.nanoTime();
        String body = "{\"transfers\":[{\"id\":\"" + prefix + ".1\",\"kind\":\"single\",\"debitAccountId\":\"" + wallet
                + "\",\"creditAccountId\":\"" + m.get("cny") + "\",\"amount\":60,\"currency\":\"CNY\",\"linked\":true},"
                + "{\"id\":\"" + prefix + ".2\",\"kind\":\"single\",\"debitAccountId\":\"" + wallet
                + "\",\"creditAccountId\":\"" + m.get("cny") + "\",\"amount\":60,\"currency\":\"CNY\"}]}";

        call(post("/internal/transfers/batch"), body, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].result").value("failed"))
                .andExpect(jsonPath("$.results[0].error.code").value("linked_event_failed"))
                .andExpect(jsonPath("$.results[1].error.code").value("insufficient_funds"));
        call(post("/internal/transfers/batch"), "{\"transfers\":[]}", null).andExpect(status().isBadRequest());
    }

    @Test
    void anAccountStatementPagesNewestFirst() throws Exception {
        Map<String, String> m = merchant();
        for (int i = 1; i <= 5; i++) {
            call(post("/v1/accounts/" + m.get("cny") + "/deposits"), "{\"amount\":" + i + ",\"currency\":\"CNY\"}", null)
                    .andExpect(status().isCreated());
        }
        ResultActions first = call(get("/v1/accounts/" + m.get("cny") + "/transfers?limit=2"), null, m.get("id"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.hasMore").value(true))
                .andExpect(jsonPath("$.data[0].amount").value(5)).andExpect(jsonPath("$.data[1].amount").value(4));
        String last = read(first, "$.data[1].id");
        ResultActions second = call(get("/v1/accounts/" + m.get("cny") + "/transfers?limit=2&startingAfter=" + last), null,
                m.get("id")).andExpect(jsonPath("$.data[0].amount").value(3)).andExpect(jsonPath("$.data[1].amount").value(2));
        call(get("/v1/accounts/" + m.get("cny") + "/transfers?limit=2&startingAfter=" + read(second, "$.data[1].id")), null,
                m.get("id")).andExpect(jsonPath("$.hasMore").value(false)).andExpect(jsonPath("$.data.length()").value(1));
        call(get("/v1/accounts/" + m.get("cny") + "/transfers?limit=101"), null, m.get("id"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.param").value("limit"));
    }

    @Test
    void theAuditEndpointReportsEachCurrencyBalanced() throws Exception {
        call(get("/internal/audit"), null, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true))
                .andExpect(jsonPath("$.currencies[?(@.currency == 'CNY')].zeroSum").value(true))
                .andExpect(jsonPath("$.accountsPastLimit").isEmpty());
        call(get("/internal/system-accounts"), null, null).andExpect(status().isOk())
                .andExpect(jsonPath("$.CNY.funding").value(org.hamcrest.Matchers.startsWith("acc_")))
                .andExpect(jsonPath("$.KWD.settlement").exists());
    }

    @Test
    void theOpenApiDescriptionListsThePublicEndpointsAndTheirAuth() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/v1/merchants']").exists())
                .andExpect(jsonPath("$.paths['/internal/transfers/batch']").doesNotExist())
                .andExpect(jsonPath("$.components.securitySchemes.merchantKey.scheme").value("bearer"))
                .andExpect(jsonPath("$.components.securitySchemes.operatorToken.type").value("oauth2"))
                .andExpect(jsonPath("$.components.securitySchemes.operatorToken.flows.clientCredentials.tokenUrl").value("/oauth2/token"))
                .andExpect(jsonPath("$.components.securitySchemes.opsLogin").doesNotExist())
                .andExpect(jsonPath("$.info.description").value(org.hamcrest.Matchers.containsString("insufficient_funds")));
    }
}

package io.paycloud.account.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.testsupport.TestIdentities;

/**
 * Hostile input on account-service's merchant, ops and internal endpoints: never a 5xx, every
 * refusal is problem+json, and no row or balance changes. Fixed seed, so a failure replays.
 */
class BadInputFuzzTest extends IntegrationTest {

    private static final String[] ENDPOINTS = {
            "POST /v1/merchants ops", "POST /v1/merchants/{id}/keys ops", "POST /v1/customers merchant",
            "GET /v1/customers/{id} merchant", "POST /v1/customers/{id}/verification merchant",
            "GET /v1/accounts/{id} merchant", "GET /v1/accounts/{id}/transfers merchant",
            "POST /v1/accounts/{id}/deposits ops", "POST /v1/accounts/{id}/adjustments ops", "POST /internal/transfers service",
            "POST /internal/transfers/batch service", "GET /internal/transfers/{id} service",
            "POST /internal/api-keys/resolve service", "POST /internal/approvals risk"};

    private static final String[] NASTY = {
            "", "{", "[]", "null", "{\"amount\":", "{\"amount\":1e400,\"currency\":\"CNY\"}",
            "{\"amount\":-1,\"currency\":\"CNY\"}", "{\"amount\":0,\"currency\":\"CNY\"}", "{\"amount\":1.5,\"currency\":\"CNY\"}",
            "{\"amount\":\"100\",\"currency\":\"CNY\"}", "{\"amount\":100,\"currency\":\"XXX\"}", "{\"name\":\"\"}",
            "{\"name\":\"" + "n".repeat(5000) + "\"}", "{\"name\":\"x\",\"feeBps\":-1}", "{\"name\":\"x\",\"feeBps\":10001}",
            "{\"name\":\"x\",\"feeBps\":\"60\"}", "{\"fullName\":\"A\",\"idNumber\":\"110105194912310020\"}",
            "{\"fullName\":\"A\",\"idNumber\":\"' OR 1=1 --\"}", "{\"secretKey\":\"<script>\"}",
            "{\"id\":\"t1\",\"kind\":\"single\",\"debitAccountId\":\"acc_x\",\"creditAccountId\":\"acc_x\",\"amount\":1,\"currency\":\"CNY\"}",
            "{\"id\":\"t2\",\"kind\":\"teleport\",\"amount\":1}", "{\"id\":\"\",\"kind\":\"single\"}",
            "{\"transfers\":[{\"id\":\"t3\",\"kind\":\"pending\",\"amount\":-5}]}", "{\"transfers\":\"all\"}",
            "{\"id\":\"t4\",\"kind\":\"post_pending\",\"pendingId\":\"nope\",\"amount\":5}",
            "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"sideways\",\"reason\":\"x\"}",
            "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"credit\",\"reason\":\"\"}",
            "{\"amount\":5,\"currency\":\"CNY\",\"direction\":\"debit\"}",
            "{\"amount\":5,\"currency\":\"CNY\",\"direction\":true,\"reason\":\"x\"}"};

    private static final String[] BAD_IDS = {"x", "acc_", "cus_123", "mer_00000000000000000000000000",
            "%27%20OR%201%3D1", "a".repeat(300), "..%2F..%2Fetc"};

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void noGeneratedRequestIsAServerErrorOrWritesAnything() throws Exception {
        long merchants = count("merchant");
        long customers = count("customer");
        long transfers = count("transfer");
        long accounts = count("account");
        long approvals = count("approval");
        Random random = new Random(20261126L);
        String merchant = "mer_01ARZ3NDEKTSV4RRFFQ69G5FAV";
        for (String endpoint : ENDPOINTS) {
            String[] parts = endpoint.split(" ");
            String token = switch (parts[2]) {
                case "ops" -> TestIdentities.ops("account-service");
                case "service" -> TestIdentities.service("payment-service", "account-service");
                case "risk" -> TestIdentities.service("risk-service", "account-service");
                default -> TestIdentities.merchant(merchant, "account-service");
            };
            for (int i = 0; i < 250; i++) {
                HttpMethod method = random.nextInt(10) == 0 ? HttpMethod.PUT : HttpMethod.valueOf(parts[0]);
                String path = parts[1].replace("{id}", BAD_IDS[random.nextInt(BAD_IDS.length)]);
                if (path.endsWith("/transfers") && parts[0].equals("GET")) {
                    path += "?limit=" + List.of("0", "101", "x", "").get(random.nextInt(4));
                }
                byte[] body;
                switch (random.nextInt(3)) {
                    case 0 -> body = NASTY[random.nextInt(NASTY.length)].getBytes(StandardCharsets.UTF_8);
                    case 1 -> {
                        body = new byte[random.nextInt(150)];
                        random.nextBytes(body);
                    }
                    default -> body = new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
                }
                var req = request(method, java.net.URI.create(path)).header(TestIdentities.HEADER, token).content(body)
                        .contentType(random.nextInt(8) == 0 ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON);
                MvcResult r = mvc.perform(req).andReturn();
                String what = method + " " + path + " " + new String(body, StandardCharsets.UTF_8);
                assertThat(r.getResponse().getStatus()).as(what).isLessThan(500);
                if (r.getResponse().getStatus() >= 400) {
                    assertThat(r.getResponse().getContentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
        assertThat(count("merchant")).as("merchants").isEqualTo(merchants);
        assertThat(count("customer")).as("customers").isEqualTo(customers);
        assertThat(count("transfer")).as("transfers").isEqualTo(transfers);
        assertThat(count("account")).as("accounts").isEqualTo(accounts);
        assertThat(count("approval")).as("approvals").isEqualTo(approvals);
    }
}

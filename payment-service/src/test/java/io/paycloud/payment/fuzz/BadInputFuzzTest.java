package io.paycloud.payment.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.payment.PaymentTestSupport;

/**
 * Hostile input on every payment-service endpoint: generated bodies (malformed JSON, wrong types,
 * missing and extra fields, huge and negative numbers, unknown currencies, long strings, invalid
 * UTF-8, SQL and script payloads), invalid ids, wrong methods and content types. Never a 5xx, every
 * refusal is problem+json, and nothing is written. The seed is fixed so a failure can be replayed.
 */
class BadInputFuzzTest extends PaymentTestSupport {

    private static final String[] ENDPOINTS = {
            "POST /v1/payments", "POST /v1/payments/{pay}/confirm", "POST /v1/payments/{pay}/capture",
            "POST /v1/payments/{pay}/cancel", "GET /v1/payments/{pay}", "GET /v1/payments", "POST /v1/refunds",
            "GET /v1/refunds/{re}", "GET /v1/refunds", "GET /v1/events", "POST /v1/webhook-endpoints",
            "GET /v1/webhook-endpoints/{we}/deliveries"};

    private static final String[] NASTY = {
            "", "{", "}", "[]", "null", "true", "\"x\"", "{\"amount\":", "{\"amount\":1e400}", "{\"amount\":-1}",
            "{\"amount\":0}", "{\"amount\":1.5}", "{\"amount\":\"100\"}", "{\"amount\":99999999999999999999999}",
            "{\"currency\":\"XXX\"}", "{\"currency\":\"cny\"}", "{\"currency\":1}", "{\"customer\":\"' OR 1=1 --\"}",
            "{\"customer\":\"<script>alert(1)</script>\"}", "{\"payment\":\"pay_'; DROP TABLE payment; --\"}",
            "{\"metadata\":{\"k\":1}}", "{\"metadata\":[1,2]}", "{\"captureMethod\":\"sometimes\"}",
            "{\"amountToCapture\":-5}", "{\"url\":\"javascript:alert(1)\",\"enabledEvents\":[\"*\"]}",
            "{\"enabledEvents\":\"*\"}", "{\"reason\":{}}", "{\"extra\":\"field\",\"amount\":100}"};

    private static final String[] BAD_IDS = {"x", "pay_", "pay_123", "re_00000000000000000000000000",
            "%27%20OR%201%3D1", "pay_01ARZ3NDEKTSV4RRFFQ69G5FAV%00", "a".repeat(300), "..%2F..%2Fetc%2Fpasswd"};

    @Test
    void noGeneratedRequestIsAServerErrorOrWritesAnything() throws Exception {
        World w = world(100_00, 60);
        String token = TestIdentities.merchant(w.merchant(), "payment-service");
        long payments = rows("payment");
        long refunds = rows("refund");
        long endpoints = rows("webhook_endpoint");
        long events = rows("event");
        Random random = new Random(20261126L);
        int cases = 0;
        for (String endpoint : ENDPOINTS) {
            for (int i = 0; i < 300; i++) {
                String[] parts = endpoint.split(" ");
                HttpMethod method = HttpMethod.valueOf(parts[0]);
                if (random.nextInt(10) == 0) {
                    method = List.of(HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.GET, HttpMethod.POST)
                            .get(random.nextInt(5));
                }
                String path = parts[1].replace("{pay}", BAD_IDS[random.nextInt(BAD_IDS.length)])
                        .replace("{re}", BAD_IDS[random.nextInt(BAD_IDS.length)])
                        .replace("{we}", BAD_IDS[random.nextInt(BAD_IDS.length)]);
                if (parts[0].equals("GET") && random.nextBoolean()) {
                    path += "?limit=" + List.of("0", "-1", "101", "abc", "1e9", "").get(random.nextInt(6))
                            + "&startingAfter=" + BAD_IDS[random.nextInt(BAD_IDS.length)] + "&after=" + random.nextInt();
                }
                byte[] body = body(random, w);
                var req = request(method, java.net.URI.create(path)).header(TestIdentities.HEADER, token).content(body)
                        .contentType(random.nextInt(8) == 0 ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON);
                if (random.nextInt(4) == 0) {
                    req.header("Idempotency-Key", random.nextBoolean() ? "k".repeat(300) : "fuzz-" + random.nextInt(50));
                }
                if (random.nextInt(6) == 0) {
                    req.header("X-Client-Ip", "x".repeat(random.nextInt(2000)));
                }
                MvcResult r = mvc.perform(req).andReturn();
                int status = r.getResponse().getStatus();
                String what = method + " " + path + " " + new String(body, StandardCharsets.UTF_8);
                assertThat(status).as(what).isLessThan(500);
                if (status >= 400) {
                    assertThat(r.getResponse().getContentType()).as(what).startsWith("application/problem+json");
                }
                cases++;
            }
        }
        assertThat(cases).isEqualTo(ENDPOINTS.length * 300);
        // a form body on PUT, PATCH or DELETE meets Spring's form filter before any controller
        for (String endpoint : ENDPOINTS) {
            String path = endpoint.split(" ")[1].replace("{pay}", "pay_x").replace("{re}", "re_x").replace("{we}", "we_x");
            for (String form : List.of("a=%E0%A4%A", "%zz=1", "%", "a=1&b")) {
                for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
                    MvcResult r = mvc.perform(request(method, java.net.URI.create(path)).header(TestIdentities.HEADER, token)
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form)).andReturn();
                    assertThat(r.getResponse().getStatus()).as(method + " " + path + " " + form).isBetween(400, 499);
                    assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
                }
            }
        }
        assertThat(rows("payment")).isEqualTo(payments);
        assertThat(rows("refund")).isEqualTo(refunds);
        assertThat(rows("webhook_endpoint")).isEqualTo(endpoints);
        assertThat(rows("event")).isEqualTo(events);
    }

    /** A hostile body: a known nasty one, a mutation of a valid payment, random bytes, or invalid UTF-8. */
    private static byte[] body(Random random, World w) {
        switch (random.nextInt(5)) {
            case 0:
                return NASTY[random.nextInt(NASTY.length)].getBytes(StandardCharsets.UTF_8);
            case 1: {
                List<String> fields = new ArrayList<>(List.of(
                        "\"amount\":" + List.of("0", "-100", "1.25", "\"5\"", "null", "100000000000", "[]").get(random.nextInt(7)),
                        "\"currency\":" + List.of("\"CNY\"", "\"ZZZ\"", "\"\"", "5", "null").get(random.nextInt(5)),
                        "\"customer\":" + List.of("\"" + w.customer() + "x\"", "\"cus_nope\"", "123", "null").get(random.nextInt(4)),
                        "\"description\":\"" + "d".repeat(random.nextInt(3000)) + "\""));
                java.util.Collections.shuffle(fields, random);
                return ("{" + String.join(",", fields.subList(0, 1 + random.nextInt(fields.size()))) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 2: {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 3:
                return new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
            default:
                return ("{\"amount\":" + (random.nextBoolean() ? "-" : "") + random.nextLong() + ",\"currency\":\"CNY\","
                        + "\"customer\":\"" + w.customer().substring(0, 10) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}

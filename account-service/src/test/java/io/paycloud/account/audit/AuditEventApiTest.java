package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.testsupport.TestIdentities;

/** The audit trail over HTTP: the gateway reports, ops read and export. */
class AuditEventApiTest extends IntegrationTest {

    static final String GATEWAY = TestIdentities.service("gateway-service", "account-service");
    static final String OPS = TestIdentities.ops("account-service");

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditStore store;

    private MvcResult perform(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header(TestIdentities.HEADER, token)).andReturn();
    }

    private MvcResult report(String json, String token) throws Exception {
        return perform(post("/internal/audit-events").contentType(MediaType.APPLICATION_JSON).content(json), token);
    }

    /** Reports one event as the gateway and answers its id. */
    private String report(String actor, String action, String object, String occurredAt) throws Exception {
        MvcResult r = report("{\"actor\":\"" + actor + "\",\"actorRoles\":[\"support\"],\"action\":\"" + action + "\","
                + "\"object\":" + (object == null ? "null" : "\"" + object + "\"") + ",\"outcome\":\"200\","
                + "\"occurredAt\":" + (occurredAt == null ? "null" : "\"" + occurredAt + "\"") + "}", GATEWAY);
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(201);
        return JsonPath.read(r.getResponse().getContentAsString(), "$.id");
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static <T> T json(MvcResult r, String path) throws Exception {
        return JsonPath.read(r.getResponse().getContentAsString(), path);
    }

    private static List<String> ids(MvcResult r) throws Exception {
        return json(r, "$.data[*].id");
    }

    @Test
    void theGatewaysReportIsStoredMaskedAndAnsweredWithItsPlaceInTheChain() throws Exception {
        String actor = unique("erin");
        MvcResult r = report("""
                {"actor":"%s","actorRoles":["treasury","admin"],"action":"POST /v1/accounts/{id}/deposits",
                 "object":"acc_01ARZ3NDEKTSV4RRFFQ69G5FAV","requestBody":"{\\"amount\\":100,\\"apiKey\\":\\"sk_test_x\\"}",
                 "outcome":"201","requestId":"req_42","clientAddress":"2001:db8::1","occurredAt":"2026-11-30T09:59:58.5Z"}"""
                .formatted(actor), GATEWAY);
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        String body = r.getResponse().getContentAsString();
        Map<String, Object> event = JsonPath.read(body, "$");
        assertThat(event.keySet()).containsExactly("id", "sequence", "occurredAt", "actor", "actorRoles", "action", "object",
                "requestBody", "outcome", "requestId", "clientAddress", "hash", "prevHash");
        assertThat(event).containsEntry("actor", actor).containsEntry("actorRoles", List.of("admin", "treasury"))
                .containsEntry("action", "POST /v1/accounts/{id}/deposits")
                .containsEntry("object", "acc_01ARZ3NDEKTSV4RRFFQ69G5FAV")
                .containsEntry("requestBody", "{\"amount\":100,\"apiKey\":\"***\"}").containsEntry("outcome", "201")
                .containsEntry("requestId", "req_42").containsEntry("clientAddress", "2001:db8::1")
                .containsEntry("occurredAt", "2026-11-30T09:59:58.500Z");
        assertThat((String) event.get("hash")).matches("[0-9a-f]{64}");
        assertThat(((Number) event.get("sequence")).longValue()).isEqualTo(store.head().sequence());

        MvcResult listed = perform(get("/v1/audit-events").param("actor", actor), OPS);
        assertThat(listed.getResponse().getStatus()).isEqualTo(200);
        assertThat(JsonPath.<Object>read(listed.getResponse().getContentAsString(), "$.data[0]")).isEqualTo(event);
        assertThat(JsonPath.<Boolean>read(listed.getResponse().getContentAsString(), "$.hasMore")).isFalse();
    }

    @Test
    void onlyTheGatewayMayReport() throws Exception {
        long head = store.head().sequence();
        for (String token : new String[] {OPS, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "account-service"),
                TestIdentities.service("payment-service", "account-service"), TestIdentities.service("gateway-service", "risk-service")}) {
            MvcResult r = report("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\"}", token);
            assertThat(r.getResponse().getStatus()).isIn(401, 403);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(store.head().sequence()).isEqualTo(head);
    }

    @Test
    void onlyOpsMayReadOrExport() throws Exception {
        for (String path : new String[] {"/v1/audit-events", "/v1/audit-events.csv"}) {
            for (String token : new String[] {GATEWAY, TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "account-service")}) {
                MvcResult r = perform(get(path), token);
                assertThat(r.getResponse().getStatus()).as(path).isEqualTo(403);
                assertThat(r.getResponse().getContentAsString()).doesNotContain("aud_");
            }
        }
    }

    @Test
    void aReportWithABadFieldIsA400NamingItAndWritesNothing() throws Exception {
        long head = store.head().sequence();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\"}", "actor"),
                Map.entry("{\"actor\":\"x\",\"action\":\"x\",\"outcome\":\"200\"}", "actorRoles"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[\"a,b\"],\"action\":\"x\",\"outcome\":\"200\"}", "actorRoles"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"" + "a".repeat(201) + "\",\"outcome\":\"200\"}", "action"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\"}", "outcome"),
                Map.entry("{\"actor\":\"x\\u001b[31m\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\"}", "actor"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"object\":\"" + "o".repeat(101) + "\"}", "object"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"requestBody\":\"pin=1234\"}", "requestBody"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"clientAddress\":\"" + "1".repeat(65) + "\"}", "clientAddress"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"occurredAt\":\"2999-01-01T00:00:00Z\"}", "occurredAt"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"occurredAt\":\"yesterday\"}", "occurredAt"),
                Map.entry("{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"hash\":\"00\"}", "hash"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            MvcResult r = report(c.getKey(), GATEWAY);
            assertThat(r.getResponse().getStatus()).as(c.getKey()).isEqualTo(400);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
            assertThat(json(r, "$.param").toString()).as(c.getKey()).startsWith(c.getValue());
        }
        assertThat(store.head().sequence()).isEqualTo(head);
    }

    @Test
    void garbageReportsAreNeverAServerError() throws Exception {
        long head = store.head().sequence();
        Random random = new Random(20261130L);
        String[] nasty = {"", "null", "[]", "{", "{\"actor\":1}", "{\"actorRoles\":\"admin\"}", "{\"actorRoles\":[null]}",
                "{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"requestBody\":{\"a\":1}}",
                "{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"occurredAt\":\"+999999-01-01T00:00:00Z\"}",
                "{\"actor\":\"x\",\"actorRoles\":[],\"action\":\"x\",\"outcome\":\"200\",\"requestBody\":\"" + "[".repeat(5000) + "\"}"};
        for (int i = 0; i < 200; i++) {
            byte[] body;
            if (i < nasty.length) {
                body = nasty[i].getBytes(StandardCharsets.UTF_8);
            } else {
                body = new byte[random.nextInt(120)];
                random.nextBytes(body);
            }
            MvcResult r = perform(post("/internal/audit-events").contentType(MediaType.APPLICATION_JSON).content(body), GATEWAY);
            assertThat(r.getResponse().getStatus()).as(new String(body, StandardCharsets.UTF_8)).isBetween(400, 499);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(store.head().sequence()).isEqualTo(head);
    }

    @Test
    void theListIsNewestFirstAndPagesOnWithStartingAfter() throws Exception {
        String actor = unique("frank");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            ids.add(report(actor, "GET /v1/merchants/{id}", "mer_" + i, null));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        List<Boolean> hasMore = new ArrayList<>();
        do {
            MockHttpServletRequestBuilder request = get("/v1/audit-events").param("actor", actor).param("limit", "5");
            if (after != null) {
                request.param("startingAfter", after);
            }
            MvcResult r = perform(request, OPS);
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            List<String> page = json(r, "$.data[*].id");
            seen.addAll(page);
            hasMore.add(json(r, "$.hasMore"));
            after = page.get(page.size() - 1);
        } while (hasMore.get(hasMore.size() - 1));
        java.util.Collections.reverse(ids);
        assertThat(seen).isEqualTo(ids);
        assertThat(hasMore).containsExactly(true, true, false);
        // without a limit: ten, the list default
        MvcResult firstTen = perform(get("/v1/audit-events").param("actor", actor), OPS);
        assertThat(ids(firstTen)).isEqualTo(ids.subList(0, 10));
        assertThat(JsonPath.<Boolean>read(firstTen.getResponse().getContentAsString(), "$.hasMore")).isTrue();
    }

    @Test
    void filtersByTimeRangeActorAndObject() throws Exception {
        String actor = unique("grace");
        String early = report(actor, "GET /v1/merchants/{id}", "mer_a", "2026-11-01T00:00:00Z");
        String atFrom = report(actor, "GET /v1/merchants/{id}", "mer_b", "2026-11-02T00:00:00Z");
        String atTo = report(actor, "GET /v1/merchants/{id}", "mer_a", "2026-11-03T00:00:00Z");
        report(unique("someone"), "GET /v1/merchants/{id}", "mer_b", "2026-11-02T12:00:00Z");

        MvcResult range = perform(get("/v1/audit-events").param("actor", actor).param("from", "2026-11-02T00:00:00Z")
                .param("to", "2026-11-03T00:00:00Z"), OPS);
        assertThat(ids(range)).isEqualTo(List.of(atFrom));
        MvcResult byObject = perform(get("/v1/audit-events").param("actor", actor).param("object", "mer_a"), OPS);
        assertThat(ids(byObject)).isEqualTo(List.of(atTo, early));
        MvcResult since = perform(get("/v1/audit-events").param("actor", actor).param("from", "2026-11-02T00:00:00+00:00"), OPS);
        assertThat(ids(since)).isEqualTo(List.of(atTo, atFrom));
    }

    @Test
    void badFiltersAre400ProblemsNamingTheParameter() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("from=yesterday", "from"), Map.entry("to=2026-11-02", "to"),
                Map.entry("from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z", "to"),
                Map.entry("from=+99999-01-01T00:00:00Z", "from"), Map.entry("actor=", "actor"),
                Map.entry("object=" + "o".repeat(101), "object"), Map.entry("limit=0", "limit"),
                Map.entry("limit=101", "limit"), Map.entry("limit=ten", "limit"),
                Map.entry("startingAfter=aud_01ARZ3NDEKTSV4RRFFQ69G5FAV", "startingAfter"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            for (String path : new String[] {"/v1/audit-events", "/v1/audit-events.csv"}) {
                if (path.endsWith(".csv") && (c.getValue().equals("limit") || c.getValue().equals("startingAfter"))) {
                    continue; // the export takes no paging parameters
                }
                MvcResult r = perform(get(path + "?" + c.getKey().replace("+", "%2B")), OPS);
                assertThat(r.getResponse().getStatus()).as(path + "?" + c.getKey()).isEqualTo(400);
                assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
                assertThat(json(r, "$.param").toString()).as(path + "?" + c.getKey()).isEqualTo(c.getValue());
            }
        }
    }

    @Test
    void theCsvExportHasEveryMatchOldestFirstQuotedAndWithoutFormulas() throws Exception {
        String actor = unique("heidi");
        String first = report(actor, "=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")", "@SUM(A1)", null);
        MvcResult second = report("""
                {"actor":"%s","actorRoles":["support","admin"],"action":"POST /v1/merchants","object":"-1+1",
                 "requestBody":"{\\"name\\":\\"Tea, \\\\\\"House\\\\\\"\\\\nLtd\\"}","outcome":"201","clientAddress":"+1"}"""
                .formatted(actor), GATEWAY);
        assertThat(second.getResponse().getStatus()).as(second.getResponse().getContentAsString()).isEqualTo(201);
        report(unique("someone"), "GET /v1/merchants/{id}", null, null);

        MvcResult r = perform(get("/v1/audit-events.csv").param("actor", actor), OPS);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(r.getResponse().getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"audit-events.csv\"");
        String csv = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("id,sequence,occurred_at,actor,actor_roles,action,object,request_body,outcome,request_id,"
                + "client_address,hash,prev_hash\r\n");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("id")).isEqualTo(first);
        assertThat(rows.get(0).get("action")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(rows.get(0).get("object")).isEqualTo("'@SUM(A1)");
        assertThat(rows.get(0).get("request_body")).isEmpty();
        assertThat(rows.get(1).get("actor_roles")).isEqualTo("admin,support");
        assertThat(rows.get(1).get("object")).isEqualTo("'-1+1");
        assertThat(rows.get(1).get("client_address")).isEqualTo("'+1");
        assertThat(rows.get(1).get("request_body")).isEqualTo("{\"name\":\"Tea, \\\"House\\\"\\nLtd\"}");
        assertThat(Long.parseLong(rows.get(1).get("sequence"))).isGreaterThan(Long.parseLong(rows.get(0).get("sequence")));
        assertThat(rows.get(1).get("prev_hash")).matches("[0-9a-f]{64}");
    }
}

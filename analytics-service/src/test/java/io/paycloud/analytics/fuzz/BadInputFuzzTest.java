package io.paycloud.analytics.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.paycloud.analytics.AnalyticsTestSupport;
import io.paycloud.common.id.Ids;
import io.paycloud.common.testsupport.TestIdentities;

/**
 * Hostile input on every analytics-service endpoint: the merchant's summary report (JSON and CSV),
 * the ops reconciliation and dashboard (page, data, lag, scripts), and unknown {@code /internal/}
 * paths (the service has no internal endpoints). Generated query parameters (malformed, out of range
 * and extreme instants, dates and ranges, unknown granularities and currencies, injections, invalid
 * UTF-8, very long values), traversal and invalid paths, wrong methods, bodies, content types,
 * identities and headers. Never a 5xx, every refusal is problem+json, and no row of any table
 * changes (every endpoint only reads). The seed is fixed so a failure can be replayed.
 */
class BadInputFuzzTest extends AnalyticsTestSupport {

    private static final int CASES = 300;

    private static final String[] ENDPOINTS = {
            "GET /v1/reports/summary merchant", "GET /v1/reports/summary.csv merchant",
            "GET /v1/reports/reconciliation ops", "GET /dashboard ops", "GET /dashboard/data ops",
            "GET /dashboard/lag ops", "GET /dashboard/lib/{file} ops", "GET /dashboard/{file} ops",
            "GET /internal/{file} service"};

    /** Instants for {@code from} and {@code to}: a few valid ones, the rest malformed, impossible or at the edges of time. */
    private static final String[] INSTANTS = {"2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "2026-03-02T00:00:00+08:00",
            "", " ", "abc", "null", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-03-02", "2026-03-02T00:00:00",
            "2026-03-02T25:00:00Z", "2026-03-02T00:00:00+25:00", "2026-03-02T00:00:00.1234567891Z", "2026-03-02T24:00:00Z",
            "2016-12-31T23:59:60Z", "1e9", "-1", "0", "1772409600", "P1D", "now", "+1000000000-12-31T23:59:59.999999999Z",
            "-1000000000-01-01T00:00:00Z", "+999999999-12-31T23:00:00Z", "-999999999-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "2026-03-02T00:00:00Z' OR 1=1 --", "<script>alert(1)</script>", "x".repeat(5000), "２０２６-03-02T00:00:00Z",
            "2026-03-02T00:00:00Z\u0000", "\u202E2026-03-02T00:00:00Z"};

    /** Ranges that parse but cover too much, run backwards, or sit where a database or java.time cannot follow. */
    private static final String[][] RANGES = {{"2026-03-03T00:00:00Z", "2026-03-02T00:00:00Z"},
            {"2026-03-02T00:00:00Z", "2026-03-02T00:00:00Z"}, {"2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"},
            {"2020-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}, {"+999999999-12-01T00:00:00Z", "+999999999-12-02T00:00:00Z"},
            {"-999999999-01-01T00:00:00Z", "-999999999-01-02T00:00:00Z"}, {"0000-01-01T00:00:00Z", "0000-01-02T00:00:00Z"},
            {"9999-12-31T00:00:00Z", "+10000-01-01T00:00:00Z"}, {"+1000000000-12-30T00:00:00Z", "+1000000000-12-31T23:59:59Z"},
            {"-1000000000-01-01T00:00:00Z", "-1000000000-01-02T00:00:00Z"}, {"1000-01-01T00:00:00Z", "1000-01-02T00:00:00Z"},
            {"1969-12-31T00:00:00Z", "1970-01-01T01:00:00Z"}, {"1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z"},
            {"9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z"}, {"9999-12-30T12:00:00Z", "9999-12-31T00:00:01Z"}};

    private static final String[] GRANULARITIES = {"hour", "day", "", "minute", "week", "HOUR", "day ", "Day", "1",
            "' OR 1=1 --", "<script>", "g".repeat(3000), "hour,day", "\u0000"};

    private static final String[] CURRENCIES = {"CNY", "", "XXX", "cny", " CNY", "CN", "CNYY", "ＣＮＹ", "1",
            "CNY' OR 1=1 --", "<script>", "C".repeat(3000), "CNY,USD", "\u0000"};

    /** Days for the reconciliation: malformed, impossible, in the future, and past days at the edges of time. */
    private static final String[] DATES = {"", " ", "abc", "2026-02-30", "2026-13-01", "2026-00-10", "26-01-01",
            "2026/01/01", "20260101", "2026-1-1", "2026-01-01T00:00:00Z", "9999-12-31", "+999999999-12-31",
            "+1000000000-01-01", "-999999999-01-01", "-1000000000-01-01", "0000-01-01", "0001-01-01", "-0001-01-01",
            "1000-01-01", "1969-12-31", "1970-01-01", "2026-01-01' OR 1=1 --", "<script>alert(1)</script>", "d".repeat(5000),
            "２０２６-01-01", "2026-01-01\u0000", "null", "1e9", "-1"};

    private static final String[] HOURS = {"0", "-1", "745", "abc", "1e3", "", "99999999999", "24.5", "0x10", "2147483648",
            "-2147483649", "NaN", "1", "744", "24&hours=0", "' OR 1=1 --"};

    /** Paths under the dashboard and /internal: traversal, encodings, names of nothing, and a few real files. */
    private static final String[] FILES = {"chart.umd.js", "index.html", "dashboard.js", "x", "../application.yml",
            "..%2F..%2Fapplication.yml", "%2e%2e/%2e%2e/application.yml", "..%5C..%5Capplication.yml", "..;/application.yml",
            "%C0%AE%C0%AE%2Fapplication.yml", "chart.umd.js%00.html", "WEB-INF%2Fweb.xml", "META-INF/MANIFEST.MF",
            "%C3%28%FF", "%F0%9F%92%A5", "f".repeat(300), "data%3Bjsessionid=1", "..", ".", "%00", "%25", "*",
            "%27%20OR%201%3D1%20--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "events", "transfers", "lib", "lib/",
            "data/../lag", "a/b/c/d/e/f/g"};

    private static final String[] NASTY = {"", "{", "[]", "null", "{\"from\":\"2026-03-02T00:00:00Z\"}",
            "{\"date\":\"2026-01-01\"}", "' OR 1=1 --", "<script>alert(1)</script>", "[".repeat(20_000),
            "from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z", "a=%E0%A4%A", "%zz=1"};

    private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/xml", "text/csv",
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded;charset=UTF-99",
            "multipart/form-data; boundary=boundary", "application/json;charset=UTF-99", "garbage", "*/*"};

    private static final String[] ACCEPTS = {"text/csv", "application/json", "application/xml", "text/html", "image/png",
            "*/*", "application/json;q=abc", "garbage/", "application/problem+json"};

    @Autowired
    DataSource dataSource;

    @Test
    void noGeneratedRequestIsAServerErrorOrWritesAnything() throws Exception {
        Map<String, Long> rows = rowCounts();
        Random random = new Random(20261126L);
        String merchant = Ids.newId("mer");
        Map<String, Integer> cases = new LinkedHashMap<>();
        for (String endpoint : ENDPOINTS) {
            String[] parts = endpoint.split(" ");
            for (int i = 0; i < CASES; i++) {
                HttpMethod method = HttpMethod.valueOf(parts[0]);
                if (random.nextInt(8) == 0) {
                    method = pick(random, List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH,
                            HttpMethod.HEAD, HttpMethod.OPTIONS));
                }
                String path = parts[1].replace("{file}", pick(random, FILES)) + query(random, parts[1]);
                MockHttpServletRequestBuilder req = request(method, java.net.URI.create(path));
                byte[] body = new byte[0];
                String contentType = "";
                if (random.nextInt(4) == 0) {
                    if (random.nextBoolean()) {
                        body = pick(random, NASTY).getBytes(StandardCharsets.UTF_8);
                    } else {
                        body = new byte[random.nextInt(300)];
                        random.nextBytes(body);
                    }
                    contentType = pick(random, CONTENT_TYPES);
                    req.content(body).header("Content-Type", contentType);
                }
                String identity = switch (parts[2]) {
                    case "merchant" -> TestIdentities.merchant(merchant, "analytics-service");
                    case "service" -> TestIdentities.service("payment-service", "analytics-service");
                    default -> TestIdentities.ops("analytics-service");
                };
                if (random.nextInt(12) == 0) {
                    identity = pick(random, List.of(TestIdentities.merchant(merchant, "analytics-service"), TestIdentities.ops("analytics-service"),
                            TestIdentities.service("payment-service", "analytics-service"), "", "Bearer x", "e".repeat(9000), identity + "x"));
                }
                req.header(TestIdentities.HEADER, identity);
                headers(random, req);
                check(req, shorten(method + " " + path + " [" + contentType + "] " + new String(body, StandardCharsets.UTF_8)));
                cases.merge(endpoint, 1, Integer::sum);
            }
            String identity = parts[2].equals("merchant") ? TestIdentities.merchant(merchant, "analytics-service")
                    : parts[2].equals("service") ? TestIdentities.service("payment-service", "analytics-service") : TestIdentities.ops("analytics-service");
            for (String path : sweep(parts[1])) {
                check(get(java.net.URI.create(path)).header(TestIdentities.HEADER, identity), shorten("GET " + path));
                cases.merge(endpoint, 1, Integer::sum);
            }
        }
        assertThat(cases.values()).allMatch(n -> n >= 250);
        assertThat(rowCounts()).as("rows per table").isEqualTo(rows);
    }

    /** Never a 5xx, and every refusal problem+json. */
    private void check(MockHttpServletRequestBuilder req, String what) {
        MvcResult r = perform(req, what);
        int status = r.getResponse().getStatus();
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400) {
            assertThat(r.getResponse().getContentType()).as(status + " " + what).startsWith("application/problem+json");
        }
    }

    /**
     * Every hostile value of the endpoint alone, the other parameters valid (every instant as from and
     * as to, every range, granularity, currency, day, hours and file), so none depends on the seed to be tried.
     */
    private static List<String> sweep(String path) {
        List<String> paths = new ArrayList<>();
        switch (path) {
            case "/v1/reports/summary", "/v1/reports/summary.csv" -> {
                for (String instant : INSTANTS) {
                    paths.add(path + "?from=" + encode(instant) + "&to=2026-03-03T00:00:00Z");
                    paths.add(path + "?from=2026-03-02T00:00:00Z&to=" + encode(instant));
                }
                for (String[] range : RANGES) {
                    paths.add(path + "?from=" + encode(range[0]) + "&to=" + encode(range[1]) + "&granularity=day");
                }
                for (String granularity : GRANULARITIES) {
                    paths.add(path + "?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&granularity=" + encode(granularity));
                }
                for (String currency : CURRENCIES) {
                    paths.add(path + "?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&currency=" + encode(currency));
                }
            }
            case "/v1/reports/reconciliation" -> {
                for (String date : DATES) {
                    paths.add(path + "?date=" + encode(date));
                }
            }
            case "/dashboard/data" -> {
                for (String hours : HOURS) {
                    paths.add(path + "?hours=" + encode(hours));
                }
            }
            default -> {
                if (path.contains("{file}")) {
                    for (String file : FILES) {
                        paths.add(path.replace("{file}", file));
                    }
                }
            }
        }
        return paths;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The query string of a case: the endpoint's own parameters, mostly hostile, and sometimes ones nobody asked for. */
    private static String query(Random random, String path) {
        Map<String, String> params = new LinkedHashMap<>();
        switch (path) {
            case "/v1/reports/summary", "/v1/reports/summary.csv" -> {
                if (random.nextInt(3) == 0) {
                    String[] range = pick(random, RANGES);
                    params.put("from", range[0]);
                    params.put("to", range[1]);
                } else {
                    maybe(random, params, "from", pick(random, INSTANTS));
                    maybe(random, params, "to", pick(random, INSTANTS));
                }
                maybe(random, params, "granularity", pick(random, GRANULARITIES));
                maybe(random, params, "currency", pick(random, CURRENCIES));
            }
            case "/v1/reports/reconciliation" -> maybe(random, params, "date", pick(random, DATES));
            case "/dashboard/data" -> maybe(random, params, "hours", pick(random, HOURS));
            default -> {
            }
        }
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(encode(v)));
        if (random.nextInt(5) == 0) {
            q.append(q.isEmpty() ? "?" : "&").append(pick(random, List.of("merchant=mer_other", "merchantId=%27%20OR%201%3D1",
                    "from=1&from=2", "a[b]=c", "%C3%28=%FF", "=", "x=" + "y".repeat(10_000), "date=%00", "hours")));
        }
        return q.toString();
    }

    private static void maybe(Random random, Map<String, String> params, String name, String value) {
        if (random.nextInt(6) != 0) {
            params.put(name, value);
        }
    }

    /** Optional headers, sometimes hostile or very long. */
    private static void headers(Random random, MockHttpServletRequestBuilder req) {
        if (random.nextInt(6) == 0) {
            req.header("Accept", pick(random, ACCEPTS));
        }
        if (random.nextInt(8) == 0) {
            req.header("Request-Id", pick(random, List.of("r".repeat(5000), "req\r\nX-Injected: 1", "' OR 1=1 --", "")));
        }
        if (random.nextInt(10) == 0) {
            req.header("traceparent", pick(random, List.of("00-zz-zz-01", "ff-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                    "t".repeat(8000))));
        }
        if (random.nextInt(10) == 0) {
            req.header(pick(random, List.of("X-Fuzz", "Range", "If-Modified-Since", "If-None-Match")),
                    pick(random, List.of("h".repeat(20_000), "bytes=999999-0", "bytes=-", "not a date", "*")));
        }
    }

    /**
     * A failure thrown out of the filters would be the container's 500, so it fails the case like one.
     * A bare {@code sendError} (static resources answer so) is the container's to render: it forwards to
     * the error page, as here.
     */
    private MvcResult perform(MockHttpServletRequestBuilder req, String what) {
        try {
            MvcResult r = mvc.perform(req).andReturn();
            MockHttpServletResponse response = r.getResponse();
            if (response.getStatus() >= 400 && response.getContentType() == null && response.getContentLength() == 0
                    && response.isCommitted()) {
                return mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, response.getStatus()))
                        .andReturn();
            }
            return r;
        } catch (Exception e) {
            throw new AssertionError("threw instead of answering: " + what, e);
        }
    }

    /** Rows of every table of the service's schema, by table. */
    private Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = io.paycloud.common.testsupport.TableRows.count(dataSource);
        assertThat(counts).containsKeys("feed_cursor", "processed_event", "payment_fact", "hourly_stats",
                "hourly_breakdown", "ledger_expectation");
        return counts;
    }

    /** The case as a failure names it, long runs cut so the message stays readable. */
    private static String shorten(String what) {
        return what.length() <= 2000 ? what : what.substring(0, 2000) + "… (" + what.length() + " characters)";
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}

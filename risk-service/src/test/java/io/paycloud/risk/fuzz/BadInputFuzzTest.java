package io.paycloud.risk.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.paycloud.common.money.Currencies;
import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.risk.support.RiskIntegrationTest;

/**
 * Hostile input on every risk-service endpoint, the ops API and the internal one: generated bodies
 * (malformed JSON, wrong types, missing and extra fields, huge, zero and negative amounts, unknown
 * currencies, long strings, invalid UTF-8, random bytes, SQL and script payloads), invalid ids and
 * query parameters, wrong methods, content types and headers. Never a 5xx, every refusal is
 * problem+json, and nothing is written: no row of any table, no rule changed in place, no Redis key.
 * Every generated body breaks at least one rule of the endpoint it imitates (a bad value or a missing
 * required field), so none is valid by accident. The seed is fixed so a failure can be replayed.
 */
class BadInputFuzzTest extends RiskIntegrationTest {

    private static final int CASES = 250;

    private static final String[] ENDPOINTS = {
            "GET /v1/risk/rules ops", "POST /v1/risk/rules ops", "GET /v1/risk/rules/{rule} ops",
            "PUT /v1/risk/rules/{rule} ops", "DELETE /v1/risk/rules/{rule} ops", "GET /v1/risk/blocklist ops",
            "POST /v1/risk/blocklist ops", "DELETE /v1/risk/blocklist/{bl} ops", "GET /v1/risk/assessments/{asm} ops",
            "POST /internal/assessments service", "POST /internal/outcomes service",
            "POST /internal/outcomes/batch service",
            "POST /internal/approved-actions account"};

    private static final List<String> RULE_TYPES = List.of("amount_limit", "velocity", "kyc_required", "anomaly", "blocklist");

    private static final List<String> BLOCK_TYPES = List.of("customer", "ip", "device", "email");

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    /** A rule of the default set: GET and PUT (never DELETE) reach it, the PUT always with a body it must refuse. */
    private static final String EXISTING_RULE = "rule_00000000000000000000000002";

    /** Path segments naming nothing: wrong prefixes and shapes, injections, traversal, bad encodings. */
    private static final String[] BAD_IDS = {"x", "rule_", "rule_123", "rule_00000000000000000000000000",
            "asm_01ARZ3NDEKTSV4RRFFQ69G5FAV", "bl_01ARZ3NDEKTSV4RRFFQ69G5FAV", "mer_01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "%27%20OR%201%3D1%20--", "rule_%27%3B%20DROP%20TABLE%20risk_rules%3B%20--",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "rule_01ARZ3NDEKTSV4RRFFQ69G5FAV%00", "a".repeat(300),
            "rule_" + "9".repeat(5000), "..%2F..%2Fetc%2Fpasswd", "%C3%28%FF%FE", "%F0%9F%92%A5", "%E2%80%AE%00",
            "-1", "0", "99999999999999999999", "null", "%20", "rule_%0D%0AX-Injected:%201", "%25", "*", "rule_*"};

    /** Bodies no endpoint can accept: broken JSON, wrong root types, objects missing what every endpoint requires. */
    private static final String[] NASTY = {
            "", " ", "{", "}", "[]", "[{}]", "null", "true", "0", "-1", "\"x\"", "{}", "{\"a\":", "{\"a\":1,}",
            "{'type':'ip','value':'1.2.3.4'}", "{\"type\":\"ip\" \"value\":\"1.2.3.4\"}", "{\"amount\":1e400}",
            "{\"amount\":-1}", "{\"amount\":0}", "{\"amount\":1.5}", "{\"amount\":\"100\"}",
            "{\"amount\":99999999999999999999999}", "{\"currency\":\"XXX\"}", "{\"currency\":\"cny\"}",
            "{\"customer\":\"' OR 1=1 --\"}", "{\"value\":\"<script>alert(1)</script>\"}",
            "{\"payment\":\"pay_'; DROP TABLE risk_outcomes; --\"}", "{\"__proto__\":{\"admin\":true}}",
            "{\"name\":\"x\",\"params\":{\"maxAmount\":1}}", "{\"type\":null,\"value\":null}",
            "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "[".repeat(20_000),
            "\uFEFF{}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "{\"amount\":1" + "0".repeat(2000) + "}",
            " ".repeat(100_000) + "{}", "<?xml version=\"1.0\"?><rule><name>x</name></rule>",
            "name=x&type=blocklist&action=decline", "--boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--boundary--"};

    /** Text that is acceptable where free text is (names, block list values, ids of other services), but hostile. */
    private static final String[] HOSTILE_TEXT = {"' OR 1=1 --", "'; DROP TABLE risk_rules; --", "\" OR \"\"=\"",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}",
            "../../etc/passwd", "\u0000", "a\r\nX-Injected: 1", "\u202Eevil", "\uD83D\uDCA5", "%s%n%x", "İ", "\\", "\""};

    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded;charset=UTF-99", "multipart/form-data; boundary=boundary",
            "application/json;charset=UTF-99", "application/json;charset=ISO-8859-1", "application/*", "*/*", "garbage",
            "application/problem+json", "application/vnd.paycloud+json", ""};

    /** Form bodies, broken escapes among them: PUT, PATCH and DELETE forms are parsed before any controller. */
    private static final String[] FORM_BODIES = {"name=x&type=blocklist&action=decline", "%zz=1", "a=%E0%A4%A", "%",
            "a=%ZZ&b=%%", "=&=&", "a=" + "%FF".repeat(1000), "type=ip&value=1.2.3.4%00"};

    private static final String[] ACCEPTS = {"text/csv", "application/xml", "text/html", "image/png", "*/*",
            "application/json;q=abc", "garbage/", "application/problem+json"};

    @Autowired
    MockMvc mockMvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void noGeneratedRequestIsAServerErrorOrWritesAnything() throws Exception {
        Map<String, Long> rows = rowCounts();
        List<Map<String, Object>> rules = jdbc.sql("SELECT * FROM risk_rules ORDER BY id").query().listOfRows();
        Set<String> keys = redis.keys(KEY_PREFIX + "*");
        Random random = new Random(20261126L);
        Map<String, Integer> cases = new LinkedHashMap<>();
        for (String endpoint : ENDPOINTS) {
            String[] parts = endpoint.split(" ");
            for (int i = 0; i < CASES; i++) {
                HttpMethod method = HttpMethod.valueOf(parts[0]);
                if (random.nextInt(10) == 0) {
                    method = pick(random, List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
                            HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS));
                }
                boolean reachesRule = (method == HttpMethod.GET || method == HttpMethod.PUT) && random.nextInt(6) == 0;
                String id = reachesRule ? EXISTING_RULE : pick(random, BAD_IDS);
                String path = parts[1].replace("{rule}", id).replace("{bl}", pick(random, BAD_IDS))
                        .replace("{asm}", pick(random, BAD_IDS));
                if (parts[0].equals("GET") && !path.contains(EXISTING_RULE) && random.nextBoolean()) {
                    path += query(random);
                }
                String contentType = random.nextInt(8) == 0 ? pick(random, CONTENT_TYPES) : "application/json";
                byte[] body = contentType.startsWith("application/x-www-form-urlencoded") && random.nextBoolean()
                        ? pick(random, FORM_BODIES).getBytes(StandardCharsets.UTF_8) : body(random, parts[1]);
                MockHttpServletRequestBuilder req = request(method, java.net.URI.create(path)).content(body);
                if (!contentType.isEmpty()) {
                    req.header("Content-Type", contentType);
                }
                String identity = identity(parts[2]);
                if (random.nextInt(15) == 0) {
                    identity = pick(random, List.of(TestIdentities.merchant("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV", "risk-service"),
                            TestIdentities.ops("risk-service"), TestIdentities.service("payment-service", "risk-service"), "", "Bearer x",
                            "e".repeat(9000), identity + "x"));
                }
                req.header(TestIdentities.HEADER, identity);
                headers(random, req);
                check(req, method, shorten(method + " " + path + " [" + contentType + "] " + new String(body, StandardCharsets.UTF_8)));
                cases.merge(endpoint, 1, Integer::sum);
            }
            if (!parts[0].equals("GET") && !parts[0].equals("DELETE")) {
                String path = parts[1].replace("{rule}", EXISTING_RULE);
                String identity = identity(parts[2]);
                for (String body : sweep(shape(path))) {
                    check(request(HttpMethod.valueOf(parts[0]), java.net.URI.create(path)).content(body)
                            .header("Content-Type", "application/json").header(TestIdentities.HEADER, identity),
                            HttpMethod.valueOf(parts[0]), shorten(parts[0] + " " + path + " " + body));
                    cases.merge(endpoint, 1, Integer::sum);
                }
            }
        }
        assertThat(cases.values()).allMatch(n -> n >= 250);
        assertThat(rowCounts()).as("rows per table").isEqualTo(rows);
        assertThat(jdbc.sql("SELECT * FROM risk_rules ORDER BY id").query().listOfRows()).as("rules").isEqualTo(rules);
        assertThat(redis.keys(KEY_PREFIX + "*")).as("velocity keys").isSubsetOf(keys);
    }

    /** Never a 5xx, every refusal problem+json, and no request that could write accepted. */
    private void check(MockHttpServletRequestBuilder req, HttpMethod method, String what) {
        MvcResult r = perform(req, what);
        int status = r.getResponse().getStatus();
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400) {
            assertThat(r.getResponse().getContentType()).as(status + " " + what).startsWith("application/problem+json");
        }
        if (WRITES.contains(method)) {
            assertThat(status).as("accepted: " + what).isGreaterThanOrEqualTo(400);
        }
    }

    /** The body shape an endpoint reads; GET and DELETE read none, so they get any. */
    private static String shape(String path) {
        return path.startsWith("/v1/risk/rules") ? "rule" : path.startsWith("/v1/risk/blocklist") ? "block"
                : path.equals("/internal/assessments") ? "assessment" : path.equals("/internal/outcomes") ? "outcome"
                : path.equals("/internal/outcomes/batch") ? "batch"
                : path.equals("/internal/approved-actions") ? "approved" : null;
    }

    /** The caller an endpoint is for: ops through the gateway, payment-service, or account-service. */
    private static String identity(String caller) {
        return switch (caller) {
            case "service" -> TestIdentities.service("payment-service", "risk-service");
            case "account" -> TestIdentities.service("account-service", "risk-service");
            default -> TestIdentities.ops("risk-service");
        };
    }

    /** A hostile body: a known nasty one, a broken copy of a valid body, random bytes, or one with invalid UTF-8. */
    private byte[] body(Random random, String path) {
        String shape = shape(path) != null ? shape(path) : pick(random, List.of("rule", "block", "assessment", "outcome", "batch"));
        switch (random.nextInt(6)) {
            case 0:
                return pick(random, NASTY).getBytes(StandardCharsets.UTF_8);
            case 1: {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 2: {
                // a broken body led by a key of raw bytes that are not UTF-8 (a lone continuation byte, an
                // overlong '/', an encoded surrogate); read as Latin-1 it is an unknown field, the body still broken
                byte[] rest = broken(random, shape).substring(1).getBytes(StandardCharsets.UTF_8);
                byte[] head = {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xC0, (byte) 0xAF, (byte) 0xED,
                        (byte) 0xA0, (byte) 0x80, '"', ':', '1', ','};
                byte[] out = new byte[head.length + rest.length];
                System.arraycopy(head, 0, out, 0, head.length);
                System.arraycopy(rest, 0, out, head.length, rest.length);
                return out;
            }
            default:
                return broken(random, shape).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A field of a request body: JSON values it accepts, and values that on their own make the request invalid. */
    private record Field(String name, boolean required, List<String> good, List<String> bad) {
    }

    /**
     * A valid body of the shape with one or two of its fields broken (a bad value, or a required field
     * left out), plus noise that must not matter: unknown fields, a broken key given twice, whitespace.
     */
    private String broken(Random random, String shape) {
        List<Field> fields = fields(random, shape, random.nextInt(20));
        Map<String, String> body = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.required() || random.nextBoolean()) {
                body.put(f.name(), pick(random, f.good()));
            }
        }
        Map<String, String> duplicates = new LinkedHashMap<>();
        for (int i = 0, breaks = 1 + random.nextInt(2); i < breaks; i++) {
            Field f = pick(random, fields);
            if (f.required() && random.nextInt(4) == 0) {
                body.remove(f.name());
            } else {
                body.put(f.name(), pick(random, f.bad()));
                if (random.nextInt(5) == 0) {
                    duplicates.put(f.name(), pick(random, f.bad()));
                }
            }
        }
        List<String> pairs = new ArrayList<>();
        body.forEach((k, v) -> pairs.add(q(k) + ":" + v));
        for (int i = random.nextInt(3); i > 0; i--) {
            pairs.add(pick(random, List.of("\"extra\":" + q(pick(random, HOSTILE_TEXT)), "\"id\":\"rule_0001\"",
                    "\"createdAt\":\"1970-01-01T00:00:00Z\"", "\"__proto__\":{\"admin\":true}", "\"score\":-1",
                    "\"deep\":" + "[".repeat(400) + "]".repeat(400), "\"" + "k".repeat(10_000) + "\":1")));
        }
        Collections.shuffle(pairs, random);
        // a key twice, both values broken: whichever copy a parser keeps, the body stays broken
        duplicates.forEach((k, v) -> {
            if (body.containsKey(k)) {
                pairs.add(0, q(k) + ":" + v);
            }
        });
        String gap = random.nextInt(10) == 0 ? " \t\r\n" : "";
        return "{" + gap + String.join("," + gap, pairs) + gap + "}";
    }

    /**
     * Every bad value of every field alone in an otherwise valid body, and every required field alone
     * left out, for each kind of the shape: none of them depends on the seed to be tried.
     */
    private List<String> sweep(String shape) {
        Random random = new Random(20261126L);
        List<String> bodies = new ArrayList<>();
        int kinds = shape.equals("rule") ? RULE_TYPES.size() : shape.equals("block") ? BLOCK_TYPES.size() : 1;
        for (int kind = 0; kind < kinds; kind++) {
            List<Field> fields = fields(random, shape, kind);
            for (Field broken : fields) {
                List<String> values = new ArrayList<>(broken.bad());
                if (broken.required()) {
                    values.add(null);
                }
                for (String value : values) {
                    List<String> pairs = new ArrayList<>();
                    for (Field f : fields) {
                        String v = f == broken ? value : f.good().get(0);
                        if (v != null) {
                            pairs.add(q(f.name()) + ":" + v);
                        }
                    }
                    bodies.add("{" + String.join(",", pairs) + "}");
                }
            }
        }
        return bodies;
    }

    /**
     * The fields of a body of the shape, the first good value of each making a valid body; {@code kind}
     * picks the rule or block list type.
     */
    private List<Field> fields(Random random, String shape, int kind) {
        List<String> amounts = List.of("1", "100", "5000", String.valueOf(Currencies.MAX_AMOUNT));
        List<String> badAmounts = List.of("0", "-1", "-100", "1.5", "100.0", "1e2", "1E400", "-1e400", "\"100\"", "\"\"",
                "99999999999999999999999", String.valueOf(Currencies.MAX_AMOUNT + 1), "9223372036854775807",
                "-9223372036854775808", "9223372036854775808", "null", "[]", "[100]", "{}", "{\"value\":100}", "true",
                "0x10", "01", "+1", "NaN", "Infinity", "-" + (1 + random.nextInt(Integer.MAX_VALUE)),
                String.valueOf(Currencies.MAX_AMOUNT + 1 + random.nextInt(Integer.MAX_VALUE)),
                String.valueOf(random.nextDouble() * 1e6));
        List<String> currencies = List.of("\"CNY\"", "\"USD\"", "\"JPY\"", "\"KWD\"");
        List<String> badCurrencies = List.of("\"XXX\"", "\"cny\"", "\"\"", "\" CNY\"", "\"CNY \"", "\"CN\"", "\"CNYY\"",
                "\"ＣＮＹ\"", "\"C\\u0000Y\"", "5", "null", "[\"CNY\"]", "{}", "true", q("' OR 1=1 --"),
                q("<script>alert(1)</script>"), q("C".repeat(5000)));
        List<String> wrongTypes = List.of("null", "123", "1.5", "true", "[]", "{}", "[\"x\"]");
        switch (shape) {
            case "rule": {
                String type = RULE_TYPES.get(kind % RULE_TYPES.size());
                String scoped = "\"merchant\":" + q(merchant) + ",";
                List<String> params = switch (type) {
                    case "amount_limit" -> List.of("{\"currency\":\"CNY\",\"maxAmount\":100000}",
                            "{" + scoped + "\"currency\":\"USD\",\"maxAmount\":1}");
                    case "velocity" -> List.of("{\"scope\":\"ip\",\"windowSeconds\":60,\"maxCount\":5}",
                            "{" + scoped + "\"scope\":\"customer\",\"windowSeconds\":3600,\"maxAmount\":100,\"currency\":\"CNY\"}");
                    case "kyc_required" -> List.of("{\"currency\":\"CNY\",\"minAmount\":500000}");
                    case "anomaly" -> List.of("{\"minHistory\":5,\"stdDevs\":3}", "{" + scoped + "\"minHistory\":2,\"stdDevs\":0.5}");
                    default -> List.of("{}", "null", "{" + scoped.substring(0, scoped.length() - 1) + "}");
                };
                List<String> badParams = new ArrayList<>(List.of("\"str\"", "[]", "[{}]", "5", "true",
                        "{\"extra\":1}", "{\"merchant\":\"\"}", "{\"merchant\":123}", "{\"merchant\":" + q("m".repeat(65)) + "}"));
                badParams.addAll(switch (type) {
                    case "amount_limit" -> List.of("null", "{}", "{\"currency\":\"CNY\"}", "{\"maxAmount\":100}",
                            "{\"currency\":\"CNY\",\"maxAmount\":" + pick(random, badAmounts) + "}",
                            "{\"currency\":" + pick(random, badCurrencies) + ",\"maxAmount\":100}",
                            "{\"currency\":\"CNY\",\"maxAmount\":100,\"max\":1}");
                    case "velocity" -> List.of("null", "{\"scope\":\"card\",\"windowSeconds\":60,\"maxCount\":5}",
                            "{\"scope\":" + pick(random, wrongTypes) + ",\"windowSeconds\":60,\"maxCount\":5}",
                            "{\"scope\":\"ip\",\"windowSeconds\":" + pick(random, List.of("0", "-1", "2592001", "1.5", "\"60\"",
                                    "1e400", "99999999999999999999")) + ",\"maxCount\":5}",
                            "{\"scope\":\"ip\",\"windowSeconds\":60}", "{\"scope\":\"ip\",\"windowSeconds\":60,\"maxCount\":0}",
                            "{\"scope\":\"ip\",\"windowSeconds\":60,\"maxCount\":1000001}",
                            "{\"scope\":\"ip\",\"windowSeconds\":60,\"maxAmount\":100}",
                            "{\"scope\":\"ip\",\"windowSeconds\":60,\"maxAmount\":" + pick(random, badAmounts) + ",\"currency\":\"CNY\"}");
                    case "kyc_required" -> List.of("null", "{}", "{\"currency\":\"CNY\",\"minAmount\":" + pick(random, badAmounts) + "}",
                            "{\"currency\":" + pick(random, badCurrencies) + ",\"minAmount\":100}");
                    case "anomaly" -> List.of("null", "{\"minHistory\":5}", "{\"stdDevs\":3}",
                            "{\"minHistory\":" + pick(random, List.of("1", "0", "-5", "100001", "2.5", "\"5\"", "1e400")) + ",\"stdDevs\":3}",
                            "{\"minHistory\":5,\"stdDevs\":" + pick(random, List.of("0", "-1", "100.0001", "101", "0.00001",
                                    "1e400", "-1e400", "1e-400", "\"3\"", "[3]", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1",
                                    "1e999999999", "1e-999999999")) + "}");
                    default -> List.of("{\"scope\":\"ip\"}");
                });
                List<String> names = new ArrayList<>(List.of("\"Fuzz rule\"", q("x".repeat(200)), "123", "true"));
                for (String t : HOSTILE_TEXT) {
                    names.add(q("n" + t));
                }
                return List.of(
                        new Field("name", true, names, List.of("\"\"", "\"   \"", "\"\\t\\n\"", q("n".repeat(201)),
                                q("n".repeat(100_000)), "null", "[]", "{}", "[\"x\"]")),
                        new Field("type", true, List.of(q(type)), List.of("\"unknown\"", q(type.toUpperCase()), "\"amount limit\"",
                                "\"\"", "1", "null", "[\"velocity\"]", q(type + " "), q("' OR 1=1 --"), q("<script>"))),
                        new Field("action", true, List.of("\"decline\"", "\"review\""), List.of("\"approve\"", "\"DECLINE\"",
                                "\"\"", "0", "null", "[]", "{}", q("decline'; --"))),
                        new Field("params", !type.equals("blocklist"), params, badParams),
                        new Field("enabled", false, List.of("true", "false", "null"), List.of("\"yes\"", "\"true\"", "[]", "{}",
                                "\"\"", "2")));
            }
            case "block": {
                String type = BLOCK_TYPES.get(kind % BLOCK_TYPES.size());
                List<String> values = new ArrayList<>(switch (type) {
                    case "ip" -> List.of("\"10.1.2.3\"", "\"::1\"", "\" 192.168.0.1 \"", "\"2001:db8::1\"");
                    case "email" -> List.of("\"a@b.example\"", "\"Alice@Example.com\"", q("<script>@x.example"));
                    default -> List.of("\"cus_fuzz\"", q("v".repeat(320)), "123", "1.5", "true");
                });
                if (type.equals("customer") || type.equals("device")) {
                    for (String t : HOSTILE_TEXT) {
                        values.add(q("v" + t));
                    }
                }
                List<String> badValues = new ArrayList<>(List.of("\"\"", "\"   \"", q("v".repeat(321)), q("v".repeat(50_000)),
                        "null", "[]", "{}", "[\"x\"]"));
                badValues.addAll(switch (type) {
                    case "ip" -> List.of("123", "true", "\"999.1.1.1\"", "\"1.2.3\"", "\"1.2.3.4.5\"", "\"localhost\"", "\"example.com\"",
                            "\"::g\"", "\":::\"", "\"1.2.3.4/24\"", "\"fe80::1%eth0\"", "\"[::1]\"", "\"0x7f.0.0.1\"",
                            q("' OR 1=1 --"), q("<script>alert(1)</script>"), q("1.2.3.4; DROP TABLE risk_blocklist"));
                    case "email" -> List.of("123", "true", "\"no-at-sign\"", q("' OR 1=1 --"), q("<script>alert(1)</script>"),
                            // case folding makes this longer than the 320 characters a value may have
                            q("İ".repeat(200) + "@example.com"));
                    default -> List.of();
                });
                return List.of(
                        new Field("type", true, List.of(q(type)), List.of("\"phone\"", q(type.toUpperCase()), "\"\"", "1",
                                "null", "[\"ip\"]", "{}", q("' OR 1=1 --"), q("<script>"))),
                        new Field("value", true, values, badValues));
            }
            case "assessment": {
                List<String> texts = new ArrayList<>(List.of(q(newCustomer()), q("c".repeat(64)), "123", "true"));
                for (String t : HOSTILE_TEXT) {
                    texts.add(q("c" + t));
                }
                List<String> badIds = List.of("\"\"", "\"  \"", q("i".repeat(65)), q("i".repeat(100_000)), "null", "[]",
                        "{}", "[\"x\"]");
                return List.of(
                        new Field("payment", false, List.of("\"pay_fuzz\"", "null", "123", q("p' OR 1=1 --")),
                                List.of(q("i".repeat(65)), "[]", "{}")),
                        new Field("merchant", true, List.of(q(merchant), "123"), badIds),
                        new Field("customer", true, texts, badIds),
                        new Field("amount", true, amounts, badAmounts),
                        new Field("currency", true, currencies, badCurrencies),
                        new Field("kycLevel", true, List.of("\"none\"", "\"verified\""), List.of("\"VERIFIED\"", "\"full\"",
                                "\"\"", "\"none \"", "null", "1", "true", "[\"none\"]", q("none' OR 1=1 --"))),
                        new Field("email", false, List.of("\"a@b.example\"", "null"), List.of("\"not-an-email\"", "\"a@\"",
                                "\"@b\"", q("' OR 1=1 --"), q("<script>alert(1)</script>"), q("e".repeat(320) + "@x.example"),
                                "123", "[]", "{}")),
                        new Field("clientIp", false, List.of("\"10.0.0.1\"", "\"::1\"", "null"), List.of("\"999.1.1.1\"",
                                "\"localhost\"", "\"::g\"", "\"1.2.3\"", q("1.2.3.4' OR 1=1 --"), q("1".repeat(65)), "\"\"",
                                "123", "[]", "{}")),
                        new Field("deviceId", false, List.of("\"dev_1\"", "null", "123", "true", q("d' OR 1=1 --")),
                                List.of(q("d".repeat(201)), "[]", "{}", "[\"d\"]")));
            }
            case "approved": {
                // an approved action naming nothing that exists: even a body that got through would change nothing
                List<String> badTexts = List.of("\"\"", "\"  \"", "null", "[]", "{}", "[\"x\"]", q(" padded"));
                List<String> badOperators = new ArrayList<>(badTexts);
                badOperators.add(q("o".repeat(65)));
                List<String> badCheckers = new ArrayList<>(badOperators);
                badCheckers.add("\"maker-op\"");
                List<String> badApprovals = new ArrayList<>(badTexts);
                badApprovals.add(q("a".repeat(41)));
                List<String> badObjects = new ArrayList<>(badTexts);
                badObjects.add(q("o".repeat(81)));
                return List.of(
                        new Field("approval", true, List.of(q("apr_fuzz_" + random.nextInt(1000)), q("apr_' OR 1=1 --")),
                                badApprovals),
                        new Field("action", true, List.of("\"risk_rule_delete\"", "\"risk_rule_disable\"", "\"blocklist_remove\""),
                                List.of("\"deposit\"", "\"role_grant\"", "\"RISK_RULE_DELETE\"", "\"\"", "null", "[]", "{}",
                                        q("risk_rule_delete' OR 1=1 --"))),
                        new Field("object", true, List.of(q("rule_01ARZ3NDEKTSV4RRFFQ69G5FAV"), q("bl_01ARZ3NDEKTSV4RRFFQ69G5FAV"),
                                q("rule_'; DROP TABLE risk_rules; --")), badObjects),
                        new Field("request", true, List.of("{}", "{\"enabled\":false}"), List.of("[]", "\"x\"", "1", "true", "null")),
                        new Field("maker", true, List.of("\"maker-op\""), badOperators),
                        new Field("checker", true, List.of("\"checker-op\""), badCheckers));
            }
            case "batch": {
                // outcomes that are each valid, and batches that one bad outcome, a wrong shape or the size spoils
                List<String> good = new ArrayList<>();
                List<String> bad = new ArrayList<>(List.of("[]", "null", "{}", "\"x\"", "1", "[null]", "[[]]", "[1]",
                        "[" + String.join(",", Collections.nCopies(501, valid(random, "outcome"))) + "]"));
                // an outcome of the wrong shape spoils the batch; an unsupported currency alone would only be skipped
                List<String> misshapen = sweep("outcome").stream().filter(b -> b.contains("\"currency\":\"CNY\"")).toList();
                for (int i = 0; i < 3; i++) {
                    good.add("[" + valid(random, "outcome") + "," + valid(random, "outcome") + "]");
                    bad.add("[" + valid(random, "outcome") + "," + pick(random, misshapen) + "]");
                    bad.add("[" + pick(random, misshapen) + "]");
                }
                return List.of(new Field("outcomes", true, good, bad));
            }
            default: {
                List<String> badIds = List.of("\"\"", "\"  \"", q("i".repeat(65)), q("i".repeat(100_000)), "null", "[]",
                        "{}", "[\"x\"]");
                return List.of(
                        new Field("payment", true, List.of(q("pay_fuzz_" + random.nextInt(1000)), q("p' OR 1=1 --"), "123"), badIds),
                        new Field("customer", true, List.of(q(newCustomer()), q("c<script>"), "true"), badIds),
                        new Field("amount", true, amounts, badAmounts),
                        new Field("currency", true, currencies, badCurrencies),
                        new Field("status", true, List.of("\"succeeded\"", "\"failed\"", "\"canceled\""), List.of("\"SUCCEEDED\"",
                                "\"refunded\"", "\"\"", "null", "1", "[]", q("succeeded' OR 1=1 --"))));
            }
        }
    }

    /** A valid body of the shape: the first good value of every field. */
    private String valid(Random random, String shape) {
        List<String> pairs = new ArrayList<>();
        for (Field f : fields(random, shape, 0)) {
            pairs.add(q(f.name()) + ":" + f.good().get(0));
        }
        return "{" + String.join(",", pairs) + "}";
    }

    /** List parameters out of range or of the wrong type, cursors naming nothing, and parameters nobody asked for. */
    private static String query(Random random) {
        String limit = pick(random, List.of("0", "-1", "101", "abc", "1e9", "", "99999999999", "1.5", "%00", "-2147483649",
                "NaN", "%27%20OR%201%3D1", "1&limit=2", "%F0%9F%92%A5", "0x10", "5"));
        return "?limit=" + limit + "&startingAfter=" + pick(random, BAD_IDS)
                + (random.nextBoolean() ? "&" + pick(random, List.of("type=ip", "enabled=maybe", "a[b]=c", "%C3%28=%FF", "=",
                        "x=" + "y".repeat(10_000))) : "");
    }

    /** Optional headers the platform reads or passes on, sometimes hostile or very long. */
    private static void headers(Random random, MockHttpServletRequestBuilder req) {
        if (random.nextInt(4) == 0) {
            req.header("Idempotency-Key", random.nextBoolean() ? "k".repeat(300) : "fuzz-" + random.nextInt(50));
        }
        if (random.nextInt(6) == 0) {
            req.header("X-Client-Ip", "x".repeat(random.nextInt(2000)));
        }
        if (random.nextInt(8) == 0) {
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
            req.header("X-Fuzz", "h".repeat(20_000));
        }
    }

    /** A failure thrown out of the filters would be the container's 500, so it fails the case like one. */
    private MvcResult perform(MockHttpServletRequestBuilder req, String what) {
        try {
            return mockMvc.perform(req).andReturn();
        } catch (Exception e) {
            throw new AssertionError("threw instead of answering: " + what, e);
        }
    }

    /** Rows of every table of the service's schema, by table. */
    private Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = io.paycloud.common.testsupport.TableRows.count(dataSource);
        assertThat(counts).containsKeys("risk_rules", "risk_blocklist", "risk_assessments", "risk_outcomes",
                "risk_customer_stats");
        return counts;
    }

    /** The case as a failure names it, long runs cut so the message stays readable. */
    private static String shorten(String what) {
        return what.length() <= 2000 ? what : what.substring(0, 2000) + "… (" + what.length() + " characters)";
    }

    private String q(String text) {
        return json.writeValueAsString(text);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}

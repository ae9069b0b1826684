package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paycloud.common.identity.DevelopmentIdentityKeys;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformJwtDecoder;
import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.testsupport.Boundary;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestOperators;
import io.paycloud.common.testsupport.TestTimes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway against a stub standing in for every service: it resolves one known API key and
 * records what reaches it, so each test can see both what the client got and what the services got.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "paycloud.operators.issuer=" + EdgeSecurityTest.ISSUER,
        "paycloud.edge.max-body-bytes=2048",
        "paycloud.edge.rate-limit.rate-per-second=1000",
        "paycloud.edge.rate-limit.burst=1000",
        "paycloud.edge.merchant-rate-limits.mer_01LIMITED00000000000000000.rate-per-second=1",
        "paycloud.edge.merchant-rate-limits.mer_01LIMITED00000000000000000.burst=3",
        // the failure throttle has a test of its own (AuthThrottleTest); here it must not get in the way
        "paycloud.edge.throttle.failures-per-address=100000",
        "paycloud.edge.throttle.failures-per-account=100000",
        "paycloud.edge.throttle.anonymous-per-window=100000"})
@ActiveProfiles("test")
class EdgeSecurityTest {

    static final String KEY = "sk_test_validkey0123456789";
    static final String LIMITED_KEY = "sk_test_limitedkey012345678";
    /** A key of MERCHANT's that only {@link #resolvedKeysAreCached} uses, so no other test's lookup warms or ages it. */
    static final String CACHED_KEY = "sk_test_cachecheck012345678";
    static final String MERCHANT = "mer_01ARZ3NDEKTSV4RRFFQ69G5FAV";
    static final String LIMITED = "mer_01LIMITED00000000000000000";
    /** The operators' issuer: the stub serves its key set as account-service would, at /oauth2/jwks. */
    static final String ISSUER = "http://issuer.test";
    static final TestOperators OPERATORS = new TestOperators(ISSUER, "paycloud");

    static final HttpClient POOLED = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    static final HttpServer stub;
    static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger cachedKeyResolves = new AtomicInteger();
    /** What the gateway reported to the audit trail (account-service's POST /internal/audit-events). */
    static final List<Map<String, String>> audited = new CopyOnWriteArrayList<>();
    static volatile boolean auditTrailDown;

    static {
        try {
            stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        stub.createContext("/", EdgeSecurityTest::serve);
        stub.setExecutor(Executors.newCachedThreadPool());
        stub.start();
    }

    /** The plain-HTTP port beside the edge, in its redirect mode (every profile but embedded). */
    static final int PLAIN_PORT = TestInfrastructure.freePort();

    /** The HTTPS port as published by a container (compose: 8443 on the host), not the server's own. */
    static final int PUBLISHED_HTTPS_PORT = 18443;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("paycloud.edge.plain-http.port", () -> PLAIN_PORT);
        r.add("paycloud.edge.plain-http.mode", () -> "redirect");
        r.add("paycloud.edge.plain-http.redirect-port", () -> PUBLISHED_HTTPS_PORT);
        String uri = "http://127.0.0.1:" + stub.getAddress().getPort();
        for (String s : List.of("account-service", "payment-service", "risk-service", "analytics-service")) {
            r.add("spring.cloud.discovery.client.simple.instances." + s + "[0].uri", () -> uri);
        }
        TestInfrastructure.registerRedis(r);
    }

    @AfterAll
    static void stop() {
        stub.stop(0);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    org.springframework.cloud.gateway.route.RouteDefinitionLocator routes;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void clear() {
        received.clear();
        audited.clear();
        auditTrailDown = false;
    }

    static void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        int status = 200;
        if (path.equals("/oauth2/jwks")) {
            body = OPERATORS.jwks().getBytes(StandardCharsets.UTF_8);
        } else if (path.equals("/internal/audit-events")) {
            String entry = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            audited.add(Map.of("entry", entry, "authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization"))));
            status = auditTrailDown ? 503 : 201;
            body = "{}".getBytes();
        } else if (path.equals("/internal/api-keys/resolve")) {
            String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean service = identity(ex.getRequestHeaders().getFirst("Authorization"), "account-service")
                    .filter(jwt -> "service".equals(jwt.getClaimAsString("role"))
                            && "gateway-service".equals(jwt.getSubject())).isPresent();
            if (service && req.contains(CACHED_KEY)) {
                cachedKeyResolves.incrementAndGet();
                body = ("{\"merchantId\":\"" + MERCHANT + "\"}").getBytes();
            } else if (service && req.contains(KEY)) {
                body = ("{\"merchantId\":\"" + MERCHANT + "\"}").getBytes();
            } else if (service && req.contains(LIMITED_KEY)) {
                body = ("{\"merchantId\":\"" + LIMITED + "\"}").getBytes();
            } else {
                status = 404;
                body = "{\"code\":\"resource_missing\"}".getBytes();
            }
        } else {
            Map<String, String> headers = new ConcurrentHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            headers.put(":path", path);
            received.add(headers);
            ex.getRequestBody().readAllBytes();
            if (path.equals("/v1/refunds/slow")) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            body = "{\"ok\":true}".getBytes();
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The identity token a service would accept from this header, if any. */
    static java.util.Optional<Jwt> identity(String authorization, String audience) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new PlatformJwtDecoder(PlatformKeys.fromJwks(DevelopmentIdentityKeys.JWKS), audience,
                    Clock.systemUTC()).decode(authorization.substring(7)));
        } catch (org.springframework.security.oauth2.jwt.JwtException e) {
            return java.util.Optional.empty();
        }
    }

    HttpResponse<String> call(String method, String path, String authorization, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TestTimes.scaled(java.time.Duration.ofSeconds(15)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        // one pooled client for every call, as a merchant's would be: its connections carry refused
        // requests with bodies and then the next request
        return POOLED.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode problem(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return json.readTree(r.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedRequestsSmallBodyIsReadAndItsConnectionServesTheNextRequest() throws Exception {
        String body = "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"cus_x\"}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            Boundary.Response last = null;
            for (int i = 0; i < 20; i++) {
                // the body follows the head in a later packet, the way a client streaming it sends it
                Boundary.Response refused = exchange(socket, "POST /v1/payments HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n",
                        i % 2 == 0 ? body : null, body);
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.headers()).doesNotContainKey("connection");
                assertThat(json.readTree(refused.body()).path("code").asString()).isEqualTo("unauthenticated");
                last = exchange(socket, "GET /v1/payments/pay_x HTTP/1.1\r\nHost: localhost\r\n\r\n", null, null);
                assertThat(last.status()).isEqualTo(401);
            }
            assertThat(last.headers()).doesNotContainKey("connection");
        }
        // a body over the edge limit is not read: its refusal closes the connection
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            Boundary.Response tooLarge = exchange(socket, "POST /v1/payments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
                    null, null);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** Writes a request on an open connection (its body with the head, or 150 ms after it) and reads one answer. */
    static Boundary.Response exchange(java.net.Socket socket, String head, String bodyWithHead, String bodyLater)
            throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        out.write((head + (bodyWithHead == null ? "" : bodyWithHead)).getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (bodyWithHead == null && bodyLater != null) {
            Thread.sleep(150);
            out.write(bodyLater.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return Boundary.readOne(socket.getInputStream());
    }

    @Test
    void missingOrUnknownKeyIs401AndReachesNoService() throws Exception {
        for (String auth : new String[] {null, "Bearer sk_test_nope", "Bearer not-a-key", "Token abc", basic("ops", "ops"),
                basic("admin", "admin")}) {
            HttpResponse<String> r = call("GET", "/v1/payments", auth, Map.of(), null);
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(problem(r).path("code").asString()).isEqualTo("unauthenticated");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aMerchantCallCarriesASignedIdentityAndNoClientIdentityHeaders() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/payments", "Bearer " + KEY,
                Map.of("PayCloud-Identity", "forged", "PayCloud-Merchant-Id", "mer_someone_else", "X-Merchant-Id", "x"),
                "{\"amount\":100}");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> got = received.get(0);
        assertThat(got).doesNotContainKeys("paycloud-merchant-id", "x-merchant-id", "paycloud-identity");
        assertThat(got.get("authorization")).doesNotContain(KEY);
        Jwt id = identity(got.get("authorization"), "payment-service").orElseThrow();
        assertThat(id.getSubject()).isEqualTo(MERCHANT);
        assertThat(id.getClaimAsString("role")).isEqualTo("merchant");
        // meant for payment-service alone: account-service would refuse it
        assertThat(identity(got.get("authorization"), "account-service")).isEmpty();
        assertThat(got.get("request-id")).isNotBlank();
    }

    @Test
    void aMerchantKeyOnEveryOpsEndpointIs403() throws Exception {
        String[][] ops = {
                {"POST", "/v1/merchants"}, {"POST", "/v1/merchants/mer_x/keys"}, {"GET", "/v1/risk/rules"},
                {"POST", "/v1/risk/rules"}, {"PUT", "/v1/risk/rules/rule_x"}, {"DELETE", "/v1/risk/rules/rule_x"},
                {"POST", "/v1/risk/blocklist"}, {"GET", "/v1/risk/blocklist"}, {"DELETE", "/v1/risk/blocklist/bl_x"},
                {"GET", "/v1/risk/assessments/asm_x"}, {"POST", "/v1/payments/pay_x/review"},
                {"POST", "/v1/accounts/acc_x/deposits"}, {"POST", "/v1/accounts/acc_x/adjustments"},
                {"GET", "/v1/reports/reconciliation?date=2026-11-26"},
                {"GET", "/dashboard/data"}, {"GET", "/dashboard/lag"}};
        for (String[] op : ops) {
            HttpResponse<String> r = call(op[0], op[1], "Bearer " + KEY, Map.of(), op[0].equals("GET") || op[0].equals("DELETE") ? null : "{}");
            assertThat(r.statusCode()).as(op[0] + " " + op[1]).isEqualTo(403);
            assertThat(problem(r).path("code").asString()).isEqualTo("forbidden");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void anOperatorsTokenReachesTheirRolesEndpointsAndIsRelayedWithTheRoles() throws Exception {
        String risk = OPERATORS.bearer("li.na", OperatorRole.RISK);
        HttpResponse<String> ok = call("GET", "/v1/risk/rules", risk, Map.of(), null);
        assertThat(ok.statusCode()).isEqualTo(200);
        Map<String, String> got = received.get(0);
        assertThat(got.get("authorization")).doesNotContain(risk.substring(7));
        Jwt id = identity(got.get("authorization"), "risk-service").orElseThrow();
        assertThat(id.getClaimAsString("role")).isEqualTo("ops");
        assertThat(id.getSubject()).isEqualTo("li.na");
        assertThat(id.getClaimAsStringList("roles")).containsExactly("risk");
        // another role's endpoint, and a merchant's
        assertThat(call("POST", "/v1/accounts/acc_x/deposits", risk, Map.of(), "{}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/payments", risk, Map.of(), null).statusCode()).isEqualTo(403);
        assertThat(received).hasSize(1);
        assertThat(audited).hasSize(2);
    }

    @Test
    void operatorTokensThatAreNotExactlyRightAreRefused() throws Exception {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("another issuer", OPERATORS.bearer(c -> c.issuer("http://evil.test")));
        bad.put("another audience", OPERATORS.bearer(c -> c.audience("someone-else")));
        bad.put("no audience", OPERATORS.bearer(c -> c.audience((String) null)));
        bad.put("expired", OPERATORS.bearer(c -> c.issueTime(java.util.Date.from(java.time.Instant.now().minusSeconds(900)))
                .expirationTime(java.util.Date.from(java.time.Instant.now().minusSeconds(300)))));
        bad.put("no expiry", OPERATORS.bearer(c -> c.expirationTime(null)));
        bad.put("another key", new TestOperators(ISSUER, "paycloud").bearer("x", OperatorRole.ADMIN));
        bad.put("unsigned", OPERATORS.unsigned("x", OperatorRole.ADMIN));
        bad.put("a platform identity token", io.paycloud.common.testsupport.TestIdentities.ops("gateway-service"));
        for (Map.Entry<String, String> token : bad.entrySet()) {
            HttpResponse<String> r = call("GET", "/v1/risk/rules", token.getValue(), Map.of(), null);
            assertThat(r.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(problem(r).path("code").asString()).isEqualTo("unauthenticated");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void theIssuersEndpointsGetTheClientsOwnCredentialsAndNoIdentity() throws Exception {
        HttpResponse<String> token = call("POST", "/oauth2/token", basic("admin", "opsk_secret"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), null);
        assertThat(token.statusCode()).isEqualTo(200);
        Map<String, String> got = received.get(0);
        assertThat(got.get(":path")).isEqualTo("/oauth2/token");
        assertThat(got.get("authorization")).isEqualTo(basic("admin", "opsk_secret"));
        HttpResponse<String> discovery = call("GET", "/.well-known/openid-configuration", null, Map.of(), null);
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(call("GET", "/oauth2/jwks", null, Map.of(), null).body()).contains("\"keys\"");
        // a browser's sign-in for the console: the authorization endpoint and the issuer's form, with its cookies
        HttpResponse<String> authorize = call("GET", "/oauth2/authorize?client_id=paycloud-console", null,
                Map.of("Cookie", "OTHER=o; PAYCLOUD_ISSUER_SESSION=s1; PAYCLOUD_CONSOLE_SESSION=c"), null);
        assertThat(authorize.statusCode()).isEqualTo(200);
        assertThat(received.get(received.size() - 1).get(":path")).isEqualTo("/oauth2/authorize");
        assertThat(received.get(received.size() - 1).get("cookie")).as("the issuer's own cookie only")
                .isEqualTo("PAYCLOUD_ISSUER_SESSION=s1");
        assertThat(call("POST", "/oauth2/sign-in", null, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "username=a&password=b&_csrf=c").statusCode()).isEqualTo(200);
        assertThat(received.get(received.size() - 1).get(":path")).isEqualTo("/oauth2/sign-in");
        // the issuer's other endpoints are not published
        for (String path : new String[] {"/oauth2/introspect", "/oauth2/revoke", "/userinfo", "/connect/register",
                "/connect/logout", "/oauth2/device_authorization"}) {
            assertThat(call("GET", path, null, Map.of(), null).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void everyOperatorRequestIsRecordedBeforeItIsPassedOnAndWithItsOutcome() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/risk/rules", OPERATORS.bearer("li.na", OperatorRole.RISK), Map.of(),
                "{\"name\":\"cap\",\"type\":\"amount_limit\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(audited).hasSize(2);
        JsonNode requested = json.readTree(audited.get(0).get("entry"));
        JsonNode outcome = json.readTree(audited.get(1).get("entry"));
        assertThat(requested.path("outcome").asString()).isEqualTo("requested");
        assertThat(outcome.path("outcome").asString()).isEqualTo("200");
        for (JsonNode entry : List.of(requested, outcome)) {
            assertThat(entry.path("actor").asString()).isEqualTo("li.na");
            assertThat(entry.path("actorRoles").toString()).isEqualTo("[\"risk\"]");
            assertThat(entry.path("action").asString()).isEqualTo("POST /v1/risk/rules");
            assertThat(entry.path("requestBody").asString()).contains("\"name\":\"cap\"");
            assertThat(entry.path("requestId").asString()).isEqualTo(r.headers().firstValue("Request-Id").orElseThrow());
            assertThat(entry.path("clientAddress").asString()).isEqualTo("127.0.0.1");
        }
        Jwt reporter = identity(audited.get(0).get("authorization"), "account-service").orElseThrow();
        assertThat(reporter.getSubject()).isEqualTo("gateway-service");
        assertThat(reporter.getClaimAsString("role")).isEqualTo("service");
        // the service got the body the operator sent, whole
        assertThat(received).hasSize(1);

        HttpResponse<String> denied = call("POST", "/v1/merchants/mer_01ARZ3NDEKTSV4RRFFQ69G5FAV/keys",
                OPERATORS.bearer("li.na", OperatorRole.RISK), Map.of(), null);
        assertThat(denied.statusCode()).isEqualTo(403);
        call("GET", "/v1/payments", "Bearer " + KEY, Map.of(), null);
        assertThat(audited).as("refused before any route, and merchants' calls, are not operator actions").hasSize(2);
        assertThat(OperatorAudit.object("/v1/accounts/acc_01ARZ3NDEKTSV4RRFFQ69G5FAV/deposits"))
                .isEqualTo("acc_01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertThat(OperatorAudit.object("/v1/operators/li.na/roles")).isEqualTo("li.na");
    }

    @Test
    void anOperatorRequestTheTrailCannotRecordIsRefusedAndNotPassedOn() throws Exception {
        auditTrailDown = true;
        HttpResponse<String> r = call("POST", "/v1/accounts/acc_x/deposits", OPERATORS.bearer("t1", OperatorRole.TREASURY),
                Map.of(), "{\"amount\":5,\"currency\":\"CNY\"}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(problem(r).path("code").asString()).isEqualTo("service_unavailable");
        assertThat(received).as("nothing reached account-service's deposit").isEmpty();
    }

    @Test
    void resolvedKeysAreCached() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(call("GET", "/v1/payments", "Bearer " + CACHED_KEY, Map.of(), null).statusCode()).isEqualTo(200);
        }
        // asked account-service once, at the first call; the other five were answered from the cache
        assertThat(cachedKeyResolves.get()).isEqualTo(1);
    }

    @Test
    void oversizedBodyIs413AndNeverForwarded() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/payments", "Bearer " + KEY, Map.of(), "{\"d\":\"" + "x".repeat(4096) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(problem(r).path("code").asString()).isEqualTo("body_too_large");
        assertThat(received).isEmpty();
    }

    @Test
    void aBurstOverTheMerchantsLimitIs429WithRetryAfter() throws Exception {
        int ok = 0;
        int limited = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = call("GET", "/v1/payments", "Bearer " + LIMITED_KEY, Map.of(), null);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited++;
                last = r;
            }
        }
        assertThat(ok).isBetween(3, 4);
        assertThat(limited).isGreaterThanOrEqualTo(4);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(problem(last).path("code").asString()).isEqualTo("rate_limited");
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        // another merchant is not affected
        assertThat(call("GET", "/v1/payments", "Bearer " + KEY, Map.of(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void theGatewaysActuatorIsOnTheManagementPortBehindTheMonitoringCredential() throws Exception {
        String monitoring = basic(DevelopmentIdentityKeys.MONITORING_USER, DevelopmentIdentityKeys.MONITORING_PASSWORD);
        Boundary.Response health = Boundary.send(managementPort, "GET", "/actuator/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("components").doesNotContain("details");
        for (String credential : new String[] {"Bearer " + KEY, OPERATORS.bearer("root", OperatorRole.values()), basic("monitor", "wrong")}) {
            Boundary.Response routes = Boundary.send(managementPort, "GET", "/actuator/gateway/routes", Map.of("Authorization", credential));
            assertThat(routes.status()).as(credential).isEqualTo(401);
            assertThat(routes.contentType()).startsWith("application/problem+json");
        }
        assertThat(Boundary.send(managementPort, "GET", "/actuator/gateway/routes", Map.of("Authorization", monitoring)).status())
                .isEqualTo(200);
        // the routes are read-only: no refresh, no new route, even for monitoring
        assertThat(Boundary.send(managementPort, "POST", "/actuator/gateway/refresh", Map.of("Authorization", monitoring)).is2xx())
                .isFalse();
        assertThat(Boundary.send(managementPort, "POST", "/actuator/gateway/routes/evil", Map.of("Authorization", monitoring)).is2xx())
                .isFalse();
        // and the public port serves no actuator at all
        for (String path : new String[] {"/actuator/health", "/actuator/env", "/actuator/gateway/routes", "/%61ctuator/env"}) {
            Boundary.Response r = Boundary.send(port, "GET", path, Map.of("Authorization", monitoring));
            assertThat(r.is2xx() || r.is5xx()).as(path + " " + r.status()).isFalse();
        }
    }

    @Test
    void unknownPathsAreProblemsAndFallbacksCannotBeCalled() throws Exception {
        for (String path : new String[] {"/nowhere", "/fallback/payment-service", "/internal/audit"}) {
            HttpResponse<String> r = call("GET", path, "Bearer " + KEY, Map.of(), null);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(problem(r).path("code").asString()).isEqualTo("forbidden");
            HttpResponse<String> anonymous = call("GET", path, null, Map.of(), null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(received).isEmpty();
    }

    /**
     * API.md's operations at the gateway and who may call each, written independently of EdgeSecurity:
     * {@code merchant}, an operator role ({@code admin}, {@code treasury}, …; several are alternatives) or
     * {@code operator} for any operator at all.
     */
    static final List<String[]> OPERATIONS = List.of(
            new String[] {"merchant", "GET POST", "/v1/payments"}, new String[] {"merchant", "GET", "/v1/payments/{id}"},
            new String[] {"merchant", "POST", "/v1/payments/{id}/confirm"}, new String[] {"merchant", "POST", "/v1/payments/{id}/capture"},
            new String[] {"merchant", "POST", "/v1/payments/{id}/cancel"}, new String[] {"risk", "POST", "/v1/payments/{id}/review"},
            new String[] {"merchant", "GET POST", "/v1/refunds"}, new String[] {"merchant", "GET", "/v1/refunds/{id}"},
            new String[] {"merchant", "GET", "/v1/events"}, new String[] {"merchant", "GET POST", "/v1/webhook-endpoints"},
            new String[] {"merchant", "DELETE", "/v1/webhook-endpoints/{id}"},
            new String[] {"merchant", "GET", "/v1/webhook-endpoints/{id}/deliveries"},
            new String[] {"merchant", "POST", "/v1/webhook-endpoints/{id}/deliveries/{id}/retry"},
            new String[] {"merchant", "POST", "/v1/customers"}, new String[] {"merchant", "GET", "/v1/customers/{id}"},
            new String[] {"merchant", "POST", "/v1/customers/{id}/verification"}, new String[] {"merchant", "GET", "/v1/accounts/{id}"},
            new String[] {"merchant", "GET", "/v1/accounts/{id}/transfers"}, new String[] {"treasury", "POST", "/v1/accounts/{id}/deposits"},
            new String[] {"treasury", "POST", "/v1/accounts/{id}/adjustments"},
            new String[] {"admin", "POST", "/v1/merchants"}, new String[] {"admin support", "GET", "/v1/merchants/{id}"},
            new String[] {"admin", "POST", "/v1/merchants/{id}/keys"}, new String[] {"risk", "GET POST", "/v1/risk/rules"},
            new String[] {"risk", "GET PUT DELETE", "/v1/risk/rules/{id}"}, new String[] {"risk", "GET POST", "/v1/risk/blocklist"},
            new String[] {"risk", "DELETE", "/v1/risk/blocklist/{id}"}, new String[] {"risk support", "GET", "/v1/risk/assessments/{id}"},
            new String[] {"merchant", "GET", "/v1/reports/summary"}, new String[] {"merchant", "GET", "/v1/reports/summary.csv"},
            new String[] {"viewer treasury", "GET", "/v1/reports/reconciliation"}, 
            new String[] {"viewer", "GET", "/dashboard/data"}, new String[] {"viewer", "GET", "/dashboard/lag"},
            new String[] {"admin", "GET POST", "/v1/operators"}, new String[] {"admin", "GET", "/v1/operators/{id}"},
            new String[] {"admin", "POST", "/v1/operators/{id}/roles"}, new String[] {"admin", "DELETE", "/v1/operators/{id}/roles/{id}"},
            new String[] {"admin", "POST", "/v1/operators/{id}/disable"}, new String[] {"operator", "POST", "/v1/operators/{id}/secret"},
            new String[] {"operator", "POST", "/v1/operators/{id}/second-factor"},
            new String[] {"admin", "DELETE", "/v1/operators/{id}/second-factor"},
            new String[] {"operator", "GET", "/v1/approvals"}, new String[] {"operator", "GET", "/v1/approvals/{id}"},
            new String[] {"operator", "POST", "/v1/approvals/{id}/approve"}, new String[] {"operator", "POST", "/v1/approvals/{id}/reject"},
            new String[] {"admin", "GET", "/v1/audit-events"}, new String[] {"admin", "GET", "/v1/audit-events.csv"});

    /** Every kind of caller that can authenticate: a merchant, an operator per role holding it alone, one holding none. */
    static Map<String, String> callers() {
        Map<String, String> callers = new java.util.LinkedHashMap<>();
        callers.put("merchant", "Bearer " + KEY);
        callers.put("operator", OPERATORS.bearer("nobody"));
        for (OperatorRole role : OperatorRole.values()) {
            callers.put(role.wire(), OPERATORS.bearer("op-" + role.wire(), role));
        }
        return callers;
    }

    /** A path of every API.md operation and of every gateway route (read from its definitions, so a new route is covered). */
    java.util.Set<String> routeSamples() {
        java.util.Set<String> samples = new java.util.LinkedHashSet<>();
        OPERATIONS.forEach(op -> samples.add(op[2].replace("{id}", "x_01")));
        for (org.springframework.cloud.gateway.route.RouteDefinition route : routes.getRouteDefinitions().collectList().block()) {
            route.getPredicates().stream().filter(p -> p.getName().equals("Path")).flatMap(p -> p.getArgs().values().stream())
                    .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).forEach(pattern -> {
                        String base = pattern.replace("/**", "");
                        samples.add(base);
                        if (pattern.endsWith("/**")) {
                            samples.add(base + "/x_01");
                            samples.add(base + "/x_01/review");
                        }
                    });
        }
        assertThat(samples).contains("/v1/payments", "/v1/merchants", "/dashboard", "/status/risk", "/openapi/account-service",
                "/v1/approvals", "/oauth2/token", "/oauth2/authorize", "/oauth2/sign-in");
        return samples;
    }

    /**
     * The plain-HTTP port in redirect mode answers every route, in every spelling, with every method and
     * credential (a merchant's real key and an admin's token too), with an empty 308 to https and
     * nothing else: no request reaches a service or the audit trail, and nothing answers 2xx or 5xx.
     */
    @Test
    void thePlainHttpPortOnlyRedirectsEveryRouteInEverySpellingToHttps() {
        List<String[]> credentials = List.of(new String[] {"none", null}, new String[] {"a merchant's key", "Bearer " + KEY},
                new String[] {"an admin's token", OPERATORS.bearer("op-admin", OperatorRole.ADMIN)});
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
        List<String> violations = new java.util.ArrayList<>();
        int sent = 0;
        int redirected = 0;
        for (String sample : routeSamples()) {
            List<String> spellings = new java.util.ArrayList<>(Boundary.spellings(sample));
            spellings.addAll(List.of(sample + "%zz", sample + "?x=%zz", sample + "#frag", sample + "?next=https://evil.test/"));
            for (String spelling : spellings) {
                // every spelling twice, the methods and credentials taken in turn: each pair of them meets many spellings
                for (int k = 0; k < 2; k++) {
                    String method = methods.get((sent + k) % methods.size());
                    String[] credential = credentials.get((sent / methods.size() + k) % credentials.size());
                    Boundary.Response r = Boundary.send(PLAIN_PORT, method, spelling,
                            credential[1] == null ? Map.of() : Map.of("Authorization", credential[1]));
                    sent++;
                    String location = r.headers().getOrDefault("location", "");
                    if (r.status() == 308 && r.body().isEmpty() && sameResourceOverHttps(location, spelling)) {
                        redirected++;
                    } else if (r.status() != 400 || !location.isEmpty()) {
                        // only a request Netty cannot parse may get something else: its bare 400
                        violations.add(method + " " + spelling + " as " + credential[0] + ": " + r.status() + " " + location);
                    }
                }
            }
        }
        assertThat(violations).as(sent + " requests").isEmpty();
        assertThat(redirected).as("most requests are well formed").isGreaterThan(sent / 2);
        assertThat(received).as("reached a service").isEmpty();
        assertThat(audited).as("reached the audit trail").isEmpty();
    }

    /**
     * {@code location} names the request's own path (repeated slashes taken as one, as the server reads
     * them), on https at the host the request named and the published HTTPS port: never a host of the
     * path's making.
     */
    static boolean sameResourceOverHttps(String location, String target) {
        try {
            java.net.URI uri = new java.net.URI(location);
            String path = target.split("[?#]", 2)[0].replaceAll("/{2,}", "/");
            return "https".equals(uri.getScheme()) && "127.0.0.1".equals(uri.getHost()) && uri.getPort() == PUBLISHED_HTTPS_PORT
                    && path.equals(uri.getRawPath());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * Every route of the gateway (read from its route definitions, so a new route is covered) and every
     * operation of API.md, in every spelling, with every method and every kind of credential: nothing
     * reaches a service but the callers the operation belongs to, each operator role only where the table
     * names it, a path or method no operation has reaches nobody, and nothing answers a 5xx.
     */
    @Test
    void everyRouteInEverySpellingAdmitsOnlyItsRole() {
        java.util.Set<String> samples = routeSamples();
        Map<String, String> callers = callers();
        Map<String, String> hostile = new java.util.LinkedHashMap<>();
        hostile.put("none", null);
        hostile.put("unknown key", "Bearer sk_test_unknown0123456789");
        hostile.put("garbage", "Bearer !!");
        hostile.put("the old ops login", basic("ops", "ops"));
        hostile.put("monitoring login", basic(DevelopmentIdentityKeys.MONITORING_USER, DevelopmentIdentityKeys.MONITORING_PASSWORD));
        hostile.put("a service's identity token", io.paycloud.common.testsupport.TestIdentities.service("payment-service", "gateway-service"));
        hostile.put("an operator token from another issuer", OPERATORS.bearer(c -> c.issuer("http://evil.test")));
        List<String> violations = new java.util.ArrayList<>();
        int sent = 0;
        for (String sample : samples) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                java.util.Set<String> allowed = allowedCallers(method, sample);
                if (allowed == null) {
                    continue;
                }
                Map<String, String> refused = new java.util.LinkedHashMap<>(hostile);
                callers.forEach((name, credential) -> {
                    if (!allowed.contains(name)) {
                        refused.put(name, credential);
                    }
                });
                received.clear();
                // every spelling for the operations API.md has and for GET; the canonical path for the rest
                List<String> spellings = allowed.isEmpty() && !method.equals("GET") ? List.of(sample) : Boundary.spellings(sample);
                for (int i = 0; i < spellings.size(); i++) {
                    String spelling = spellings.get(i);
                    for (Map.Entry<String, String> credential : refused.entrySet()) {
                        if (i > 3 && credential.getValue() != null && credential.getValue().startsWith("Basic ")) {
                            // a Basic login costs a deliberately slow password check: a few spellings each
                            continue;
                        }
                        Boundary.Response r = Boundary.send(port, method, spelling,
                                credential.getValue() == null ? Map.of() : Map.of("Authorization", credential.getValue()));
                        sent++;
                        if (r.is2xx() || r.is5xx()) {
                            violations.add(method + " " + spelling + " as " + credential.getKey() + ": " + r.status());
                        }
                    }
                }
                if (!received.isEmpty()) {
                    violations.add(method + " " + sample + ": reached a service without its role: " + received.get(0).get(":path"));
                }
                for (String name : allowed) {
                    Boundary.Response r = Boundary.send(port, method, sample, Map.of("Authorization", callers.get(name)));
                    if (r.status() != 200) {
                        violations.add(method + " " + sample + " as " + name + ": " + r.status() + " instead of reaching the service");
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
        assertThat(sent).isGreaterThan(5_000);
    }

    /**
     * Who may call an operation: names from {@link #callers()}; empty when API.md has no such operation;
     * {@code null} for the public paths (health, API documents, the issuer), which need no credential.
     */
    static java.util.Set<String> allowedCallers(String method, String path) {
        if (path.startsWith("/status/") || path.startsWith("/openapi/")) {
            return method.equals("GET") ? null : java.util.Set.of();
        }
        if (path.equals("/oauth2/token")) {
            return method.equals("POST") ? null : java.util.Set.of();
        }
        if (path.equals("/oauth2/jwks") || path.equals("/oauth2/authorize") || path.startsWith("/.well-known/")) {
            return method.equals("GET") ? null : java.util.Set.of();
        }
        if (path.equals("/dashboard") || path.equals("/dashboard/dashboard.js") || path.equals("/dashboard/dashboard.css")
                || path.startsWith("/dashboard/lib/")) {
            // the dashboard's page and scripts, which sign a browser in; its data needs a viewer
            return method.equals("GET") ? null : java.util.Set.of();
        }
        if (path.equals("/oauth2/sign-in")) {
            // the browser sign-in's form and its submission (the issuer checks CSRF in its own session)
            return method.equals("GET") || method.equals("POST") ? null : java.util.Set.of();
        }
        for (String[] op : OPERATIONS) {
            if (List.of(op[1].split(" ")).contains(method) && path.matches(op[2].replace("{id}", "[^/]+"))) {
                if (op[0].equals("operator")) {
                    java.util.Set<String> any = new java.util.TreeSet<>(List.of("operator"));
                    for (OperatorRole role : OperatorRole.values()) {
                        any.add(role.wire());
                    }
                    return any;
                }
                return java.util.Set.of(op[0].split(" "));
            }
        }
        return java.util.Set.of();
    }

    @Test
    void manyCallsInFlightOnOneRouteAreAllForwarded() {
        // more than Resilience4j's default bulkhead of 25, all waiting on a slow service at once
        int calls = 60;
        // a client of its own: its 60 connections stay out of the pool the other tests share
        HttpClient burst = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < calls; i++) {
            inFlight.add(burst.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/refunds/slow"))
                    .timeout(TestTimes.scaled(java.time.Duration.ofSeconds(15))).header("Authorization", "Bearer " + KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = inFlight.stream().map(f -> f.join().statusCode()).toList();
        assertThat(statuses).hasSize(calls).containsOnly(200);
        assertThat(received.stream().filter(h -> h.get(":path").equals("/v1/refunds/slow"))).hasSize(calls);
    }

    @Test
    void aBusyMerchantTakesTokensFromTheSharedBucketInLeases() throws Exception {
        String bucket = "paycloud:ratelimit:" + MERCHANT;
        redis.delete(bucket).block();
        assertThat(call("GET", "/v1/payments", "Bearer " + KEY, Map.of(), null).statusCode()).isEqualTo(200);
        // rate 1000/s: a lease is 50 ms of it, 20 tokens, taken at once from a full bucket of 1000
        Object tokens = redis.opsForHash().get(bucket, "tokens").block();
        assertThat(Double.parseDouble(String.valueOf(tokens))).isEqualTo(980.0);
        assertThat(RateLimitFilter.leaseSize(new EdgeProperties.Limit(1, 3))).isEqualTo(1);
        assertThat(RateLimitFilter.leaseSize(new EdgeProperties.Limit(100, 200))).isEqualTo(5);
    }

    @Test
    void aLeaseIsSpentOnceAndLapses() throws Exception {
        RateLimitFilter.Lease lease = new RateLimitFilter.Lease();
        assertThat(lease.take()).isFalse();
        // the lease lives 50 ms: a round that took longer (a slow or busy machine) shows nothing, and is tried again
        boolean judged = false;
        for (int round = 0; round < 20 && !judged; round++) {
            long t0 = System.nanoTime();
            lease.refill(2);
            boolean first = lease.take();
            boolean second = lease.take();
            boolean third = lease.take();
            if (System.nanoTime() - t0 < 50_000_000L) {
                assertThat(List.of(first, second, third)).containsExactly(true, true, false);
                judged = true;
            }
        }
        assertThat(judged).as("a round within the lease's 50 ms").isTrue();
        lease.refill(5);
        Thread.sleep(60); // at least 60 ms on any machine
        assertThat(lease.take()).as("unspent after 50 ms").isFalse();
    }
}

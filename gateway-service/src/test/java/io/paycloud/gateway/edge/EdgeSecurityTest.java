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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.IdentityTokens;
import io.paycloud.common.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway against a stub standing in for every service: it resolves one known API key and
 * records what reaches it, so each test can see both what the client got and what the services got.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "paycloud.edge.ops-username=ops-test",
        "paycloud.edge.ops-password=ops-secret",
        "paycloud.edge.max-body-bytes=2048",
        "paycloud.edge.rate-limit.rate-per-second=1000",
        "paycloud.edge.rate-limit.burst=1000",
        "paycloud.edge.merchant-rate-limits.mer_01LIMITED00000000000000000.rate-per-second=1",
        "paycloud.edge.merchant-rate-limits.mer_01LIMITED00000000000000000.burst=3"})
@ActiveProfiles("test")
class EdgeSecurityTest {

    static final String KEY = "sk_test_validkey0123456789";
    static final String LIMITED_KEY = "sk_test_limitedkey012345678";
    static final String MERCHANT = "mer_01ARZ3NDEKTSV4RRFFQ69G5FAV";
    static final String LIMITED = "mer_01LIMITED00000000000000000";

    static final HttpServer stub;
    static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger resolveCalls = new AtomicInteger();

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

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        String uri = "http://127.0.0.1:" + stub.getAddress().getPort();
        for (String s : List.of("account-service", "payment-service", "risk-service", "analytics-service")) {
            r.add("spring.cloud.discovery.client.simple.instances." + s + "[0].uri", () -> uri);
        }
        TestInfrastructure.RedisEndpoint redis = TestInfrastructure.redis();
        r.add("spring.data.redis.host", redis::host);
        r.add("spring.data.redis.port", redis::port);
    }

    @AfterAll
    static void stop() {
        stub.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void clear() {
        received.clear();
    }

    static void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        int status = 200;
        if (path.equals("/internal/api-keys/resolve")) {
            resolveCalls.incrementAndGet();
            String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean service = IdentityTokens.verify(ex.getRequestHeaders().getFirst(IdentityTokens.HEADER),
                    IdentityTokens.publicKey("MCowBQYDK2VwAyEAQCpFALCcfZQo847dp8fpzKVgcjxpbMjIGCx2cndEVRI="),
                    Clock.systemUTC()).filter(i -> i.role() == Identity.Role.SERVICE).isPresent();
            if (service && req.contains(KEY)) {
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

    HttpResponse<String> call(String method, String path, String authorization, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode problem(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return json.readTree(r.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingOrUnknownKeyIs401AndReachesNoService() throws Exception {
        for (String auth : new String[] {null, "Bearer sk_test_nope", "Bearer not-a-key", "Token abc", basic("ops-test", "wrong")}) {
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
        assertThat(got).doesNotContainKeys("paycloud-merchant-id", "x-merchant-id");
        Identity id = IdentityTokens.verify(got.get("paycloud-identity"),
                IdentityTokens.publicKey("MCowBQYDK2VwAyEAVGCDSaHRi3G1PfeKpweJnmnC3Js5JyI+IaY+7ac2XKQ="), Clock.systemUTC())
                .orElseThrow();
        assertThat(id.subject()).isEqualTo(MERCHANT);
        assertThat(id.role()).isEqualTo(Identity.Role.MERCHANT);
        assertThat(got.get("request-id")).isNotBlank();
    }

    @Test
    void aMerchantKeyOnEveryOpsEndpointIs403() throws Exception {
        String[][] ops = {
                {"POST", "/v1/merchants"}, {"POST", "/v1/merchants/mer_x/keys"}, {"GET", "/v1/risk/rules"},
                {"POST", "/v1/risk/rules"}, {"PUT", "/v1/risk/rules/rule_x"}, {"DELETE", "/v1/risk/rules/rule_x"},
                {"POST", "/v1/risk/blocklist"}, {"GET", "/v1/risk/blocklist"}, {"DELETE", "/v1/risk/blocklist/bl_x"},
                {"GET", "/v1/risk/assessments/asm_x"}, {"POST", "/v1/payments/pay_x/review"},
                {"POST", "/v1/accounts/acc_x/deposits"}, {"GET", "/v1/reports/reconciliation?date=2026-11-26"},
                {"GET", "/dashboard"}};
        for (String[] op : ops) {
            HttpResponse<String> r = call(op[0], op[1], "Bearer " + KEY, Map.of(), op[0].equals("GET") || op[0].equals("DELETE") ? null : "{}");
            assertThat(r.statusCode()).as(op[0] + " " + op[1]).isEqualTo(403);
            assertThat(problem(r).path("code").asString()).isEqualTo("forbidden");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void opsCredentialsReachOpsEndpointsOnly() throws Exception {
        HttpResponse<String> ok = call("GET", "/v1/risk/rules", basic("ops-test", "ops-secret"), Map.of(), null);
        assertThat(ok.statusCode()).isEqualTo(200);
        Identity id = IdentityTokens.verify(received.get(0).get("paycloud-identity"),
                IdentityTokens.publicKey("MCowBQYDK2VwAyEAVGCDSaHRi3G1PfeKpweJnmnC3Js5JyI+IaY+7ac2XKQ="), Clock.systemUTC())
                .orElseThrow();
        assertThat(id.role()).isEqualTo(Identity.Role.OPS);
        HttpResponse<String> merchantEndpoint = call("GET", "/v1/payments", basic("ops-test", "ops-secret"), Map.of(), null);
        assertThat(merchantEndpoint.statusCode()).isEqualTo(403);
    }

    @Test
    void resolvedKeysAreCached() throws Exception {
        call("GET", "/v1/payments", "Bearer " + KEY, Map.of(), null);
        int before = resolveCalls.get();
        for (int i = 0; i < 5; i++) {
            assertThat(call("GET", "/v1/payments", "Bearer " + KEY, Map.of(), null).statusCode()).isEqualTo(200);
        }
        assertThat(resolveCalls.get()).isEqualTo(before);
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
    void theGatewaysActuatorBeyondHealthNeedsTheOpsLogin() throws Exception {
        assertThat(call("GET", "/actuator/health", null, Map.of(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> routes = call("GET", "/actuator/gateway/routes", "Bearer " + KEY, Map.of(), null);
        assertThat(routes.statusCode()).isEqualTo(401);
        assertThat(problem(routes).path("code").asString()).isEqualTo("unauthenticated");
        assertThat(call("GET", "/actuator/gateway/routes", basic("ops-test", "ops-secret"), Map.of(), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthAndUnknownPathsNeedNoKeyButAreStillProblems() throws Exception {
        HttpResponse<String> r = call("GET", "/nowhere", null, Map.of(), null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(problem(r).path("code").asString()).isEqualTo("resource_missing");
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
                    .timeout(java.time.Duration.ofSeconds(15)).header("Authorization", "Bearer " + KEY).GET().build(),
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
        lease.refill(2);
        assertThat(lease.take()).isTrue();
        assertThat(lease.take()).isTrue();
        assertThat(lease.take()).isFalse();
        lease.refill(5);
        Thread.sleep(60);
        assertThat(lease.take()).as("unspent after 50 ms").isFalse();
    }
}

package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.paycloud.common.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backpressure at the edge: a route at its concurrency limit answers the requests over it 503
 * {@code service_unavailable} with {@code Retry-After} at once, and they never reach the service; the
 * requests it admitted finish normally, and once they have, the route admits again. The limit is pinned
 * to 2 here (initial = min = max), so what is admitted is exact; the adaptive part (a latency budget
 * per route, whose inputs {@link LoadShedding#settle} feeds) is {@link LoadSheddingLimitTest}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "paycloud.edge.load-shedding.initial-limit=2",
        "paycloud.edge.load-shedding.min-limit=2",
        "paycloud.edge.load-shedding.max-limit=2",
        "paycloud.edge.load-shedding.retry-after-seconds=3",
        "paycloud.edge.load-shedding.retry-after-spread-seconds=0",
        "paycloud.edge.throttle.anonymous-per-window=100000"})
@ActiveProfiles("test")
class LoadSheddingTest {

    static final HttpServer stub;
    static final AtomicInteger arrived = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(0);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        try {
            stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        stub.createContext("/", LoadSheddingTest::serve);
        stub.setExecutor(Executors.newCachedThreadPool());
        stub.start();
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
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

    @Autowired
    MeterRegistry meters;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** payment-service's readiness, as /status/payment reaches it: held until the test releases it. */
    static void serve(HttpExchange exchange) throws IOException {
        arrived.incrementAndGet();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void requestsOverTheRouteLimitAreShedWithRetryAfterAndNeverReachTheService() throws Exception {
        double shedBefore = shed("payment-service-health");
        release = new CountDownLatch(1);
        arrived.set(0);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(client.sendAsync(get("/status/payment"), HttpResponse.BodyHandlers.ofString()));
        }
        // two are admitted and held by the service; the other four are answered without waiting for them
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 4);
        assertThat(arrived.get()).as("requests that reached the service").isEqualTo(2);
        release.countDown();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        List<HttpResponse<String>> shed = calls.stream().map(CompletableFuture::join)
                .filter(r -> r.statusCode() == HttpStatus.SERVICE_UNAVAILABLE.value()).toList();
        assertThat(calls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200)).hasSize(2);
        assertThat(shed).hasSize(4);
        for (HttpResponse<String> r : shed) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(r.headers().firstValue("Retry-After")).contains("3");
            assertThat(r.headers().firstValue("Request-Id")).isPresent();
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.path("code").asString()).isEqualTo("service_unavailable");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
        }
        assertThat(arrived.get()).as("requests that reached the service").isEqualTo(2);
        assertThat(shed("payment-service-health") - shedBefore).isEqualTo(4.0);

        // the admitted ones done, the route admits again, one after another without a refusal
        for (int i = 0; i < 5; i++) {
            assertThat(client.send(get("/status/payment"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void eachRouteHasALimitOfItsOwn() throws Exception {
        release = new CountDownLatch(1);
        arrived.set(0);
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(client.sendAsync(get("/status/payment"), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == 2);
        try {
            // payment's health route is full; risk's is not
            assertThat(client.send(get("/status/payment"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            CompletableFuture<HttpResponse<String>> risk = client.sendAsync(get("/status/risk"), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == 3);
            release.countDown();
            assertThat(risk.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> h : held) {
            assertThat(h.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private double shed(String route) {
        var counter = meters.find("paycloud.gateway.shed").tag("route", route).counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build();
    }
}

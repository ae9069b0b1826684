package io.paycloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paycloud.common.testsupport.TestTimes;

/**
 * The console as it runs: the registry's own Eureka client reads this registry (so its defaultZone
 * must carry the registry credential, and the server a port known before it starts), the Admin
 * server discovers two instances registered with the registry credential and calls their
 * management endpoints, a stub here recording what Authorization each one receives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
class ConsoleDiscoveryTest {

    static final int PORT = freePort();
    static final HttpServer stub;
    /** Authorization headers received, by application ("none" where the request had none). */
    static final Map<String, List<String>> received = new ConcurrentHashMap<>();

    static {
        try {
            stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        stub.createContext("/", ConsoleDiscoveryTest::answer);
        stub.start();
    }

    @DynamicPropertySource
    static void serverPort(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
    }

    @Test
    void theConsoleCallsPlatformInstancesWithTheMonitoringCredentialAndOthersWithNone() throws Exception {
        register("PAYMENT-SERVICE", "payment");
        register("LOOKALIKE-SERVICE", "lookalike");
        await().atMost(TestTimes.scaled(Duration.ofSeconds(30))).untilAsserted(() -> {
            assertThat(received).containsKeys("payment", "lookalike");
        });
        assertThat(received.get("payment")).containsOnly(basic("monitor", "monitor-dev"));
        assertThat(received.get("lookalike")).containsOnly("none");
    }

    /** An instance document as a Spring Cloud Eureka client sends it (the VIP address is what discovery looks up). */
    private static void register(String app, String path) throws Exception {
        String body = """
                {"instance":{"instanceId":"%s:1","hostName":"127.0.0.1","app":"%s","vipAddress":"%s","ipAddr":"127.0.0.1","status":"UP",\
                "port":{"$":%d,"@enabled":"true"},"healthCheckUrl":"http://127.0.0.1:%d/%s/actuator/health",\
                "metadata":{"management.port":"%d","management.context-path":"/%s/actuator"},\
                "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}"""
                .formatted(path, app, app.toLowerCase(), stub.getAddress().getPort(), stub.getAddress().getPort(), path,
                        stub.getAddress().getPort(), path);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + PORT + "/eureka/apps/" + app))
                .header("Content-Type", "application/json")
                .header("Authorization", basic("registry", "registry-dev"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String application = exchange.getRequestURI().getPath().split("/")[1];
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        received.computeIfAbsent(application, a -> new CopyOnWriteArrayList<>())
                .add(authorization == null ? "none" : authorization);
        byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

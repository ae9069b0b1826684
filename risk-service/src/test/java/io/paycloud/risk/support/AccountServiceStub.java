package io.paycloud.risk.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * account-service as risk-service sees it: {@code POST /internal/approvals} on a port of its own, found
 * through Spring Cloud's simple discovery. It stores nothing: it records what it was asked and answers
 * 201 with a pending approval (the same one again for the same idempotency key), or 503 while {@link #down}.
 */
public final class AccountServiceStub {

    /** One request for approval as the stub received it. */
    public record Received(JsonNode body, String authorization) {

        public String text(String field) {
            JsonNode n = body.get(field);
            return n == null || n.isNull() ? null : n.asString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AccountServiceStub INSTANCE = new AccountServiceStub();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean down;

    private AccountServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/approvals", this::approvals);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "account-service-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static AccountServiceStub get() {
        return INSTANCE;
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers 503 to every request while true, as account-service going away would look. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Every request received for {@code object}, oldest first. */
    public List<Received> receivedFor(String object) {
        return received.stream().filter(r -> object.equals(r.text("object"))).toList();
    }

    private void approvals(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (down) {
                respond(exchange, 503, "application/problem+json",
                        "{\"status\":503,\"code\":\"service_unavailable\",\"detail\":\"down\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "application/problem+json", "{\"status\":405}");
                return;
            }
            JsonNode body = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("Authorization")));
            String key = body.hasNonNull("idempotencyKey")
                    ? body.path("action").asString() + "|" + body.path("object").asString() + "|"
                            + body.path("maker").asString() + "|" + body.get("idempotencyKey").asString()
                    : null;
            String id = key == null ? newId() : byKey.computeIfAbsent(key, k -> newId());
            ObjectNode approval = JSON.createObjectNode();
            approval.put("id", id);
            approval.put("action", body.path("action").asString());
            approval.put("object", body.path("object").asString());
            approval.set("request", body.get("request"));
            approval.put("maker", body.path("maker").asString());
            approval.put("requiredRole", "risk");
            approval.put("status", "pending");
            ObjectNode envelope = JSON.createObjectNode();
            envelope.set("approval", approval);
            respond(exchange, 201, "application/json", JSON.writeValueAsString(envelope));
        }
    }

    private String newId() {
        return "apr_stub" + String.format("%018d", ids.incrementAndGet());
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

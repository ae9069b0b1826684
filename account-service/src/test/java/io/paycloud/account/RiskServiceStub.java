package io.paycloud.account;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * risk-service as account-service sees it: {@code POST /internal/approved-actions} on a port of its
 * own, found through Spring Cloud's simple discovery. It records what it was asked and answers as
 * {@link #answer} says: carried out (200), failing (503), gone (404), or hanging up without a word.
 */
public final class RiskServiceStub {

    public enum Answer {
        CARRIED_OUT, FAILING, RULE_GONE, HANG_UP
    }

    /** One approved action as the stub received it. */
    public record Received(JsonNode body, String authorization) {

        public String text(String field) {
            JsonNode n = body.get(field);
            return n == null || n.isNull() ? null : n.asString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RiskServiceStub INSTANCE = new RiskServiceStub();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.CARRIED_OUT;

    private RiskServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/approved-actions", this::approvedAction);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "risk-service-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static RiskServiceStub get() {
        return INSTANCE;
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(Answer answer) {
        this.answer = answer;
    }

    /** Every approved action received for the approval {@code id}, oldest first. */
    public List<Received> receivedFor(String id) {
        return received.stream().filter(r -> id.equals(r.text("approval"))).toList();
    }

    private void approvedAction(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        JsonNode body = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        received.add(new Received(body, exchange.getRequestHeaders().getFirst("Authorization")));
        switch (answer) {
            case HANG_UP -> exchange.close();
            case FAILING -> respond(exchange, 503, "{\"status\":503,\"code\":\"service_unavailable\",\"detail\":\"down\"}");
            case RULE_GONE -> respond(exchange, 404, "{\"status\":404,\"code\":\"resource_missing\",\"param\":\"id\","
                    + "\"detail\":\"No such rule: '" + body.path("object").asString() + "'.\"}");
            case CARRIED_OUT -> {
                ObjectNode result = JSON.createObjectNode();
                result.put("id", body.path("object").asString());
                result.put("deleted", true);
                ObjectNode done = JSON.createObjectNode();
                done.put("approval", body.path("approval").asString());
                done.put("action", body.path("action").asString());
                done.put("object", body.path("object").asString());
                done.set("result", result);
                done.put("executedAt", "2026-11-30T00:00:00Z");
                respond(exchange, 200, JSON.writeValueAsString(done));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}

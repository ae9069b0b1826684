package io.paycloud.analytics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for payment-service's {@code GET /internal/events} on a random local port, found by the
 * service under test through the simple discovery client. Events are served in sequence order with
 * the real feed's paging; {@link #down} makes it answer 503.
 */
public final class PaymentServiceStub {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private long sequence;
    public volatile boolean down;
    public final AtomicInteger requests = new AtomicInteger();

    public PaymentServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/events", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Appends an event with the next sequence; returns it as the feed serves it. */
    public synchronized Map<String, Object> append(String id, String merchantId, String type, String objectId,
            int objectSequence, String createdAt, Map<String, Object> data) {
        Map<String, Object> e = new HashMap<>();
        e.put("sequence", ++sequence);
        e.put("id", id);
        e.put("merchantId", merchantId);
        e.put("type", type);
        e.put("objectId", objectId);
        e.put("objectSequence", objectSequence);
        e.put("createdAt", createdAt);
        e.put("data", data);
        events.add(e);
        return e;
    }

    /** Serves an already served event again under a new sequence, as a faulty producer might. */
    public synchronized void redeliver(Map<String, Object> event) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put("sequence", ++sequence);
        events.add(copy);
    }

    public synchronized long head() {
        return sequence;
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (down) {
            respond(exchange, 503, "{\"code\":\"service_unavailable\"}");
            return;
        }
        Map<String, String> q = query(exchange.getRequestURI());
        long after = Long.parseLong(q.getOrDefault("after", "0"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        List<Map<String, Object>> page = new ArrayList<>();
        boolean more = false;
        synchronized (this) {
            for (Map<String, Object> e : events) {
                if ((Long) e.get("sequence") > after) {
                    if (page.size() == limit) {
                        more = true;
                        break;
                    }
                    page.add(e);
                }
            }
        }
        respond(exchange, 200, JSON.writeValueAsString(Map.of("data", page, "hasMore", more)));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package io.paycloud.analytics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for account-service's {@code GET /internal/transfers?from=&to=&after=&limit=} as
 * analytics-service assumes it: transfers created in [from, to), in sequence order, paged by sequence.
 */
public final class LedgerStub {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Map<String, Object>> transfers = new ArrayList<>();
    private long sequence;
    public volatile boolean down;

    public LedgerStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/transfers", this::serve);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized void add(String id, String kind, String status, long amount, String currency, String createdAt) {
        Map<String, Object> t = new HashMap<>();
        t.put("sequence", ++sequence);
        t.put("id", id);
        t.put("kind", kind);
        t.put("status", status);
        t.put("debitAccountId", "acc_debit");
        t.put("creditAccountId", "acc_credit");
        t.put("amount", amount);
        t.put("currency", currency);
        t.put("pendingId", null);
        t.put("createdAt", createdAt);
        transfers.add(t);
    }

    /** Changes a recorded transfer's amount, as a tampered ledger would show it. */
    public synchronized void tamperAmount(String id, long amount) {
        transfers.stream().filter(t -> t.get("id").equals(id)).findFirst().orElseThrow().put("amount", amount);
    }

    public synchronized void remove(String id) {
        transfers.removeIf(t -> t.get("id").equals(id));
    }

    private void serve(HttpExchange exchange) throws IOException {
        if (down) {
            PaymentServiceStub.respond(exchange, 503, "{\"code\":\"service_unavailable\"}");
            return;
        }
        Map<String, String> q = PaymentServiceStub.query(exchange.getRequestURI());
        Instant from = Instant.parse(q.get("from"));
        Instant to = Instant.parse(q.get("to"));
        long after = Long.parseLong(q.getOrDefault("after", "0"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        List<Map<String, Object>> page = new ArrayList<>();
        boolean more = false;
        synchronized (this) {
            for (Map<String, Object> t : transfers) {
                Instant at = Instant.parse((String) t.get("createdAt"));
                if ((Long) t.get("sequence") > after && !at.isBefore(from) && at.isBefore(to)) {
                    if (page.size() == limit) {
                        more = true;
                        break;
                    }
                    page.add(t);
                }
            }
        }
        PaymentServiceStub.respond(exchange, 200, JSON.writeValueAsString(Map.of("data", page, "hasMore", more)));
    }
}

package io.paycloud.payment.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paycloud.common.client.ServiceClients;

/**
 * A local HTTP server that plays another service badly on purpose: each request gets the next scripted
 * answer (the last one repeats), which may be late, cut off in the middle of its body, or not JSON at
 * all. Every request is recorded, so a test can see what was sent and how often.
 */
public final class ScriptedServer implements AutoCloseable {

    /** One answer: a status and body, sent after {@code delay}; {@code cutAfter} bytes of the body only, if set. */
    public record Answer(int status, String body, Duration delay, Integer cutAfter) {

        public static Answer json(int status, String body) {
            return new Answer(status, body, Duration.ZERO, null);
        }

        public Answer late(Duration by) {
            return new Answer(status, body, by, cutAfter);
        }

        /** The headers promise the whole body; the connection closes after {@code bytes} of it. */
        public Answer cutAfter(int bytes) {
            return new Answer(status, body, delay, bytes);
        }
    }

    public record Request(String method, String path, String body) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Answer> script = new CopyOnWriteArrayList<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::answer);
        server.start();
    }

    /** The answers to the next requests, in order; the last one answers every request after it. */
    public ScriptedServer answers(Answer... answers) {
        script.clear();
        script.addAll(List.of(answers));
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A client made as payment-service makes its clients (ServiceClients.to), addressed to this server. */
    public RestClient client(Duration readTimeout) {
        return client(port(), readTimeout);
    }

    public static RestClient client(int port, Duration readTimeout) {
        return new ServiceClients(RestClient.builder(), null).to("127.0.0.1:" + port, Duration.ofMillis(500), readTimeout);
    }

    public List<String> bodies() {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.body()));
        return out;
    }

    private void answer(HttpExchange exchange) throws IOException {
        int n;
        synchronized (requests) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            n = requests.size() - 1;
        }
        Answer a = script.isEmpty() ? Answer.json(200, "{}") : script.get(Math.min(n, script.size() - 1));
        try {
            if (!a.delay().isZero()) {
                Thread.sleep(a.delay().toMillis());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    a.status() >= 400 ? "application/problem+json" : "application/json");
            // -1: no body at all (0 would mean a chunked one)
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            OutputStream out = exchange.getResponseBody();
            if (a.cutAfter() != null) {
                out.write(body, 0, a.cutAfter());
                out.flush();
                // short of the promised length, closing the stream closes the connection: the client has
                // the headers and part of the body
                exchange.close();
                return;
            }
            out.write(body);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up waiting (a read timeout): nothing left to send
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

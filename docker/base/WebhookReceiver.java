import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * bin/compose-check's webhook receiver, a container on the compose network: answers 200 to every
 * request and prints each one on standard output as one JSON line (method, path, headers with
 * lower-case names, body as text), where the check reads it with `docker logs`. JDK only, so it runs
 * on the same JRE image as the services (compiled on the host: the JRE has no compiler).
 *   java -cp . WebhookReceiver [port]      default 8000
 */
public final class WebhookReceiver {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 50);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                headers.put(h.getKey().toLowerCase(), String.join(",", h.getValue()));
            }
            StringBuilder line = new StringBuilder("{\"method\":").append(json(exchange.getRequestMethod()))
                    .append(",\"path\":").append(json(exchange.getRequestURI().toString()))
                    .append(",\"headers\":{");
            String sep = "";
            for (Map.Entry<String, String> h : headers.entrySet()) {
                line.append(sep).append(json(h.getKey())).append(':').append(json(h.getValue()));
                sep = ",";
            }
            line.append("},\"body\":").append(json(new String(body, StandardCharsets.UTF_8))).append('}');
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
            }
            byte[] answer = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        System.err.println("webhook receiver listening on " + port);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

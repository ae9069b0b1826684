package io.paycloud.common.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What a boundary test needs to probe a running service the way an attacker or a careless client
 * would: every request mapping of the application (so a new endpoint is covered without anyone
 * listing it), many spellings of each path, and a client that sends the request line byte for byte
 * (no library normalises or re-encodes it).
 */
public final class Boundary {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private Boundary() {
    }

    /** One operation: a method and a path pattern, with its variables filled with a sample. */
    public record Endpoint(String method, String pattern) {

        public String path() {
            Matcher m = VARIABLE.matcher(pattern);
            return m.replaceAll("x_01ARZ3NDEKTSV4RRFFQ69G5FAV");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /** Every handler mapping of every {@link RequestMappingHandlerMapping} in the context, but the error page. */
    public static List<Endpoint> endpoints(ApplicationContext context) {
        Set<Endpoint> found = new LinkedHashSet<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                List<String> names = methods.isEmpty() ? List.of("GET", "POST", "PUT", "DELETE")
                        : methods.stream().map(Enum::name).toList();
                for (String pattern : info.getPatternValues()) {
                    if (pattern.equals("/error") || pattern.startsWith("${")) {
                        continue;
                    }
                    names.forEach(method -> found.add(new Endpoint(method, pattern)));
                }
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * Spellings of one path that a router may take for the same handler, or that a naive check would
     * not recognise: matrix parameters on each segment, percent-encoded letters, encoded slashes and
     * dots, doubled slashes, dot segments, {@code ..;/}, upper case, a trailing slash, control bytes.
     */
    public static List<String> spellings(String path) {
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String[] withMatrix = segments.clone();
            withMatrix[i] = withMatrix[i] + ";x=1";
            out.add("/" + String.join("/", withMatrix));
            String[] semicolon = segments.clone();
            semicolon[i] = semicolon[i] + ";";
            out.add("/" + String.join("/", semicolon));
            if (!segments[i].isEmpty()) {
                String[] encoded = segments.clone();
                encoded[i] = String.format("%%%02x", (int) segments[i].charAt(0)) + segments[i].substring(1);
                out.add("/" + String.join("/", encoded));
                String[] upperEncoded = segments.clone();
                upperEncoded[i] = String.format("%%%02X", (int) segments[i].charAt(0)) + segments[i].substring(1);
                out.add("/" + String.join("/", upperEncoded));
            }
        }
        out.add(path.replace("/", "%2F"));
        if (segments.length > 1) {
            String rest = String.join("/", java.util.Arrays.copyOfRange(segments, 1, segments.length));
            out.add("/" + segments[0] + "%2F" + rest);
            out.add("/" + segments[0] + "%2f" + rest);
        }
        out.add("/" + path);
        out.add(path.replaceFirst("/", "//"));
        out.add(path.replace("/", "//"));
        out.add("/." + path);
        out.add("/%2e" + path);
        out.add("/x/.." + path);
        out.add("/x/%2e%2e" + path);
        out.add("/x/..;" + path);
        out.add("/" + segments[0] + "/..;/" + String.join("/", segments));
        out.add("/" + segments[0] + "/%2e%2e/" + String.join("/", segments));
        out.add(path.toUpperCase(Locale.ROOT));
        out.add(path + "/");
        out.add(path + "%00");
        out.add(path + "%0a");
        out.add(path + "%09");
        out.add(path.replace("/", "\\"));
        out.add(path + ";");
        out.add(path + "?x=%00");
        return new ArrayList<>(out);
    }

    /** An answer as the client got it. */
    public record Response(int status, Map<String, String> headers, String body) {

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public boolean is5xx() {
            return status >= 500;
        }

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /**
     * Sends one HTTP/1.1 request with {@code target} written exactly as given in the request line, a
     * JSON body of {@code {}} for methods that carry one, and reads the whole answer.
     */
    public static Response send(int port, String method, String target, Map<String, String> headers) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
            StringBuilder request = new StringBuilder();
            request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n")
                    .append("Accept: */*\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            if (body) {
                request.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            } else {
                request.append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target + ": " + e, e);
        }
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        return response(head, body);
    }

    /**
     * Reads one answer off a connection that stays open: its head, then a body of its Content-Length
     * (none without one). EOF before the head ends is an {@link java.io.EOFException}.
     */
    public static Response readOne(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after " + head.length() + " bytes: " + head);
            }
            head.append((char) b);
        }
        Response headOnly = response(head.substring(0, head.length() - 4), "");
        byte[] body = in.readNBytes(Integer.parseInt(headOnly.headers().getOrDefault("content-length", "0")));
        return new Response(headOnly.status(), headOnly.headers(), new String(body, StandardCharsets.UTF_8));
    }

    private static Response response(String head, String body) throws IOException {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ");
        if (statusLine.length < 2) {
            throw new IOException("no status line: " + lines[0]);
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(Integer.parseInt(statusLine[1]), headers, body);
    }
}

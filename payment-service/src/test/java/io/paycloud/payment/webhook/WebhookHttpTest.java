package io.paycloud.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The delivery's connection against a receiver on 127.0.0.1, with a DNS whose answers change from one
 * lookup to the next (rebinding): the connection goes where the one checked lookup said, or nowhere.
 */
class WebhookHttpTest {

    static final WebhookProperties DEVELOPMENT = new WebhookProperties(true, true, Duration.ofSeconds(2), Duration.ofSeconds(5));

    HttpServer receiver;
    final List<String> hosts = new CopyOnWriteArrayList<>();
    final List<String> stolen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            hosts.add(ex.getRequestHeaders().getFirst("Host"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/stolen");
            ex.sendResponseHeaders(307, -1);
            ex.close();
        });
        receiver.createContext("/stolen", ex -> {
            stolen.add(ex.getRequestMethod());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.createContext("/drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 20; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    int port() {
        return receiver.getAddress().getPort();
    }

    @Test
    void theConnectionGoesToTheAddressOfItsOneLookupNotToALaterAnswer() throws Exception {
        // nothing listens on 127.0.0.2: a second lookup before connecting would end there
        UrlGuardTest.ScriptedDns dns = new UrlGuardTest.ScriptedDns()
                .answer("hooks.merchant.test", "127.0.0.1")
                .answer("hooks.merchant.test", "127.0.0.2");
        try (WebhookHttp http = new WebhookHttp(new UrlGuard(DEVELOPMENT, dns), DEVELOPMENT)) {
            int status = http.post("http://hooks.merchant.test:" + port() + "/hook", Map.of(), "{}");
            assertThat(status).isEqualTo(204);
        }
        assertThat(dns.lookups).hasValue(1);
        assertThat(hosts).containsExactly("hooks.merchant.test:" + port());
    }

    @Test
    void aNameThatRebindsToLoopbackAfterItsCheckIsNeverReached() throws Exception {
        UrlGuardTest.ScriptedDns dns = new UrlGuardTest.ScriptedDns()
                .answer("rebind.merchant.test", "93.184.216.34")
                .answer("rebind.merchant.test", "127.0.0.1");
        UrlGuard guard = new UrlGuard(UrlGuardTest.STRICT, dns);
        String url = "http://rebind.merchant.test:" + port() + "/hook";
        assertThat(guard.refusal(url)).isNull(); // the endpoint is created while the name looks public
        try (WebhookHttp http = new WebhookHttp(guard, UrlGuardTest.STRICT)) {
            assertThatThrownBy(() -> http.post(url, Map.of(), "{}")).isInstanceOf(UrlGuard.RefusedHost.class);
        }
        assertThat(hosts).isEmpty();
    }

    @Test
    void anAddressLiteralIsJudgedByTheConnectionToo() throws Exception {
        try (WebhookHttp http = new WebhookHttp(new UrlGuard(UrlGuardTest.STRICT, new UrlGuardTest.ScriptedDns()),
                UrlGuardTest.STRICT)) {
            for (String host : List.of("127.0.0.1", "[::ffff:127.0.0.1]", "localhost")) {
                assertThatThrownBy(() -> http.post("http://" + host + ":" + port() + "/hook", Map.of(), "{}"))
                        .as(host).isInstanceOf(UrlGuard.RefusedHost.class);
            }
        }
        assertThat(hosts).isEmpty();
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() throws Exception {
        try (WebhookHttp http = new WebhookHttp(new UrlGuard(DEVELOPMENT, new UrlGuardTest.ScriptedDns()), DEVELOPMENT)) {
            assertThat(http.post("http://127.0.0.1:" + port() + "/moved", Map.of(), "{}")).isEqualTo(307);
        }
        assertThat(stolen).isEmpty();
    }

    @Test
    void anEndpointThatAnswersAByteAtATimeIsCutOffAtTheRequestTimeout() throws Exception {
        // each byte comes well within the read timeout; only the whole attempt's deadline stops it (4 s otherwise)
        WebhookProperties quick = new WebhookProperties(true, true, Duration.ofSeconds(1), Duration.ofSeconds(1));
        long started = System.nanoTime();
        try (WebhookHttp http = new WebhookHttp(new UrlGuard(quick, new UrlGuardTest.ScriptedDns()), quick)) {
            assertThatThrownBy(() -> http.post("http://127.0.0.1:" + port() + "/drip", Map.of(), "{}"))
                    .isInstanceOf(IOException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
}

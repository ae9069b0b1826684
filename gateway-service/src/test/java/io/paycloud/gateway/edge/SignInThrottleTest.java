package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * The issuer's browser sign-in form answers a wrong username, secret or code with a redirect back to
 * itself ({@code ?error}), not a 401: the gateway counts those against the address like any failed
 * authentication, so guessing at the form from one address stops at the limit, with 429 and Retry-After.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "paycloud.edge.throttle.failures-per-address=4",
        "paycloud.edge.throttle.anonymous-per-window=1000",
        // a window of its own, so no other test's counters share these keys
        "paycloud.edge.throttle.window=3613s"})
@ActiveProfiles("test")
class SignInThrottleTest {

    /** account-service's sign-in form: "right" signs in (back to the authorization), anything else is refused. */
    static final HttpServer issuer;

    static {
        try {
            issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        issuer.createContext("/oauth2/sign-in", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Location", form.contains("password=right") ? "/oauth2/authorize?client_id=c"
                    : "/oauth2/sign-in?error");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        issuer.start();
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.cloud.discovery.client.simple.instances.account-service[0].uri",
                () -> "http://127.0.0.1:" + issuer.getAddress().getPort());
        TestInfrastructure.registerRedis(r);
    }

    @AfterAll
    static void stop() {
        issuer.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @BeforeEach
    void forgetEarlierRuns() {
        redis.keys("paycloud:*:3613000:*").flatMap(redis::delete).blockLast();
    }

    private HttpResponse<String> signIn(String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/sign-in"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=ana&password=" + password + "&_csrf=t")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusedSignInsAtTheFormCountAgainstTheAddressUntilItIsThrottled() throws Exception {
        HttpResponse<String> signedIn = signIn("right");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/oauth2/authorize?client_id=c");
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> refused = signIn("guess-" + i);
            assertThat(refused.statusCode()).as("attempt %d", i).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location")).hasValue("/oauth2/sign-in?error");
        }
        HttpResponse<String> throttled = signIn("right");
        assertThat(throttled.statusCode()).as("the right secret waits too").isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("\"code\":\"rate_limited\"");
    }
}

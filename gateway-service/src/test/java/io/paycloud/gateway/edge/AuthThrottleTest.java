package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.paycloud.common.testsupport.Boundary;
import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * Guessing is throttled: failed authentications per client address and per operator named in Basic
 * client authentication (how operators ask the issuer for tokens), and requests without any
 * credential per address, are answered 429 with Retry-After once over their limits, before the next
 * attempt is even looked at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "paycloud.edge.throttle.failures-per-address=8",
        "paycloud.edge.throttle.failures-per-account=3",
        "paycloud.edge.throttle.anonymous-per-window=12",
        // a window of its own, so no other test's counters share these keys
        "paycloud.edge.throttle.window=3617s"})
@ActiveProfiles("test")
class AuthThrottleTest {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        TestInfrastructure.registerRedis(r);
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.ReactiveStringRedisTemplate redis;

    /** Counters of an earlier run in the same window would start this one half-used. */
    @org.junit.jupiter.api.BeforeEach
    void forgetEarlierRuns() {
        redis.keys("paycloud:*:3617000:*").flatMap(redis::delete).blockLast();
    }

    static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void failedLoginsAndAnonymousFloodsAreThrottled() {
        // requests without any credential: twelve per window from one address
        for (int i = 0; i < 12; i++) {
            assertThat(Boundary.send(port, "GET", "/openapi/payment-service", Map.of()).status()).isNotEqualTo(429);
        }
        Boundary.Response flood = Boundary.send(port, "GET", "/openapi/payment-service", Map.of());
        assertThat(flood.status()).isEqualTo(429);
        assertThat(flood.headers()).containsKey("retry-after");

        // an operator: three failed attempts, then whatever the fourth carries waits (the issuer's 401s to
        // token requests count the same way, through the gateway)
        for (int i = 0; i < 3; i++) {
            assertThat(Boundary.send(port, "GET", "/v1/risk/rules", basic("ops-test", "guess-" + i)).status()).isEqualTo(401);
        }
        Boundary.Response locked = Boundary.send(port, "GET", "/v1/risk/rules", basic("ops-test", "opsk_right"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.body()).contains("\"code\":\"rate_limited\"");
        assertThat(Integer.parseInt(locked.headers().get("retry-after"))).isBetween(1, 3617);

        // the address: failures of other accounts add up to its limit of eight
        for (int i = 0; i < 5; i++) {
            assertThat(Boundary.send(port, "GET", "/v1/risk/rules", basic("someone-" + i, "x")).status()).isEqualTo(401);
        }
        Boundary.Response address = Boundary.send(port, "GET", "/v1/payments", Map.of("Authorization", "Bearer sk_test_next"));
        assertThat(address.status()).isEqualTo(429);
        assertThat(address.headers()).containsKey("retry-after");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.connection.RedisConnectionFactory redisConnections;

    /**
     * The counters travel encrypted: the gateway's own Redis connection arrived at the server's TLS port
     * (docs/tls.md, "Data stores"); on the TLS servers .ci/run sets up, skipped elsewhere.
     */
    @Test
    void theCountersTravelOverTls() {
        io.paycloud.common.testsupport.DataStoreTls.assumeTlsServers();
        try (var c = redisConnections.getConnection()) {
            Object info = c.execute("CLIENT", "INFO".getBytes());
            var config = c.serverCommands().getConfig("*port");
            io.paycloud.common.testsupport.DataStoreTls.assertRedisEncrypted(info, config.getProperty("tls-port"),
                    config.getProperty("port"));
        }
    }
}

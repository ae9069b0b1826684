package io.paycloud.risk.velocity;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.paycloud.common.id.Ids;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.risk.support.Api;
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis of its own, stopped and started during the test: velocity rules answer review with a
 * reason while it is away, quickly, and decisions return to normal by themselves once it is back.
 * The Redis timeout and "quickly" are production's, scaled to the machine ({@link TestTimes})
 * together. A Redis that is merely slow (a busy CPU) is not an outage: it keeps the breaker closed.
 */
@SpringBootTest(properties = "resilience4j.circuitbreaker.instances.redis.wait-duration-in-open-state=500ms")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RedisOutageTest {

    private static final int PORT = TestInfrastructure.freePort();
    private static RedisServer redis;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        TestInfrastructure.register(registry, "risk");
        redis = TestInfrastructure.startPrivateRedis(PORT);
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> PORT);
        // its own Redis is plain, whatever the shared test Redis speaks
        registry.add("spring.data.redis.ssl.enabled", () -> "false");
        registry.add("risk.redis-key-prefix", () -> "risk-outage-" + UUID.randomUUID() + ":");
        registry.add("risk.redis-command-timeout", () -> TestTimes.property(Duration.ofMillis(250)));
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    CircuitBreakerRegistry breakers;

    Api api;
    String merchant = Ids.newId("mer");
    String rule;

    @BeforeEach
    void velocityRule() {
        api = new Api(mvc, json);
        Api.Response r = api.post("/v1/risk/rules", body("name", "velocity", "type", "velocity", "action", "decline",
                "params", body("scope", "customer", "windowSeconds", 60, "maxCount", 2, "merchant", merchant)));
        assertThat(r.status()).isEqualTo(201);
        rule = r.text("id");
    }

    @Test
    void redisDownMeansReviewWithAReasonQuicklyAndRedisBackMeansNormalDecisions() throws IOException {
        String customer = Ids.newId("cus");
        assertThat(assess(customer).text("decision")).isEqualTo("approve");

        redis.stop();
        try {
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                Api.Response r = assess(Ids.newId("cus"));
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertThat(r.text("decision")).isEqualTo("review");
                assertThat(r.text("failureCode")).isNull();
                assertThat(r.body().get("reasons").get(0).get("rule").asString()).isEqualTo(rule);
                assertThat(r.body().get("reasons").get(0).get("detail").asString())
                        .startsWith("velocity counters unavailable");
                assertThat(millis).as("answer %d took %d ms", i, millis).isLessThan(TestTimes.scaledMillis(300));
            }
        } finally {
            redis = TestInfrastructure.startPrivateRedis(PORT);
        }

        String after = Ids.newId("cus");
        await().atMost(TestTimes.scaled(Duration.ofSeconds(15))).pollInterval(Duration.ofMillis(200))
                .until(() -> "approve".equals(assess(Ids.newId("cus")).text("decision")));
        assertThat(assess(after).text("decision")).isEqualTo("approve");
        assertThat(assess(after).text("decision")).isEqualTo("approve");
        assertThat(assess(after).text("decision")).as("counting again").isEqualTo("decline");
    }

    @Test
    void answersSlowerThanUsualButWithinTheTimeoutKeepTheBreakerClosedAndFailuresOpenIt() {
        CircuitBreaker breaker = breakers.circuitBreaker("redis");
        breaker.reset();
        try {
            // slower than a quiet machine's Redis answers by far, as every call is on a starved CPU
            Duration slow = TestTimes.scaled(Duration.ofMillis(120));
            for (int i = 0; i < 20; i++) {
                breaker.executeRunnable(() -> sleep(slow));
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

            // half of the last 20 calls failed (timed out): open
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                    throw new QueryTimeoutException("Redis command timed out");
                })).isInstanceOf(QueryTimeoutException.class);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        } finally {
            breaker.reset();
        }
    }

    @Test
    void aRedisThatAnswersLaterThanTheCommandTimeoutMeansReviewAfterTheTimeoutNotAfterRedis() {
        Duration commandTimeout = TestTimes.scaled(Duration.ofMillis(250));
        Duration paused = commandTimeout.multipliedBy(8);
        breakers.circuitBreaker("redis").reset();
        await().atMost(TestTimes.scaled(Duration.ofSeconds(15))).pollInterval(Duration.ofMillis(200))
                .until(() -> "approve".equals(assess(Ids.newId("cus")).text("decision")));

        // Redis holds every client's commands (this one's own connection is closed at once)
        RedisClient other = RedisClient.create(RedisURI.create("127.0.0.1", PORT));
        try (StatefulRedisConnection<String, String> c = other.connect()) {
            c.sync().clientPause(paused.toMillis());
        } finally {
            other.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        long started = System.nanoTime();
        Api.Response r = assess(Ids.newId("cus"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.text("decision")).isEqualTo("review");
        assertThat(r.body().get("reasons").get(0).get("detail").asString()).startsWith("velocity counters unavailable");
        assertThat(millis).as("waited for the command timeout (%d ms)", commandTimeout.toMillis())
                .isGreaterThanOrEqualTo(commandTimeout.toMillis() - 10)
                .isLessThan(paused.toMillis() / 2);

        // the other tests get a Redis that answers again
        sleep(paused.minusNanos(System.nanoTime() - started).plusMillis(100));
        breakers.circuitBreaker("redis").reset();
        await().atMost(TestTimes.scaled(Duration.ofSeconds(15))).pollInterval(Duration.ofMillis(200))
                .until(() -> "approve".equals(assess(Ids.newId("cus")).text("decision")));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Api.Response assess(String customer) {
        Api.Response r = api.post("/internal/assessments", body("merchant", merchant, "customer", customer,
                "amount", 100, "currency", "CNY", "kycLevel", "verified"));
        assertThat(r.status()).isEqualTo(201);
        return r;
    }
}

package io.paycloud.risk.velocity;

import static io.paycloud.risk.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.paycloud.risk.support.Api;
import io.paycloud.risk.support.RiskIntegrationTest;

/** Velocity windows slide with time, and concurrent payments each count. */
class VelocityWindowTest extends RiskIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    VelocityCounters velocity;

    @Test
    void theWindowSlidesSoNoBucketEdgeLetsTwiceTheMaximumThrough() {
        createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 3));
        String customer = newCustomer();
        // just before a minute boundary, where a fixed one-minute bucket would start afresh
        Instant nextMinute = clock.instant().plusSeconds(1).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        clock.advanceTo(nextMinute.minusMillis(100));
        for (int i = 0; i < 3; i++) {
            assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("approve");
        }

        clock.advance(Duration.ofMillis(200));

        assertThat(assess(customer, 100, "CNY").text("decision")).as("across the boundary").isEqualTo("review");
    }

    @Test
    void paymentsLeaveTheWindowAsTimeMovesOn() {
        createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 2));
        String customer = newCustomer();
        Instant first = clock.instant();
        assess(customer, 100, "CNY");
        clock.advance(Duration.ofSeconds(30));
        assess(customer, 100, "CNY");

        clock.advanceTo(first.plusMillis(59_500));
        assertThat(assess(customer, 100, "CNY").text("decision")).as("all three within 60 s").isEqualTo("review");

        clock.advanceTo(first.plusMillis(60_500));
        // the first left the window; the second and the reviewed third remain: with this one, three
        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("review");

        clock.advance(Duration.ofSeconds(60));
        assertThat(assess(customer, 100, "CNY").text("decision")).as("a quiet minute later").isEqualTo("approve");
    }

    @Test
    void aWindowHoldsWhatHappenedWithinTheLastWindowMillisecondsExactly() {
        String key = "exact-" + newCustomer();
        VelocityCounters.Window window = new VelocityCounters.Window("rule_x", "customer", key, 60_000, true);
        long t = 1_000_000;

        velocity.record(List.of(window), "asm_a", 100, t);
        long atEdge = velocity.record(List.of(window), "asm_b", 200, t + 59_999).orElseThrow().get(0).count();
        VelocityCounters.Totals after = velocity.record(List.of(window), "asm_c", 300, t + 60_000).orElseThrow().get(0);

        assertThat(atEdge).as("59.999 s later the first still counts").isEqualTo(2);
        assertThat(after.count()).as("60 s later it does not").isEqualTo(2);
        assertThat(after.sum()).isEqualTo(500);
    }

    @Test
    void concurrentAssessmentsForOneCustomerEachCount() throws Exception {
        int max = 8; // below the default rule's 10 per customer per minute, which counts too
        int payments = 40;
        String rule = createRule("velocity", "review",
                Map.of("scope", "customer", "windowSeconds", 600, "maxCount", max));
        String customer = newCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> decisions = new ArrayList<>();
        try {
            for (int i = 0; i < payments; i++) {
                Callable<String> call = () -> {
                    start.await();
                    return assess(customer, 100, "CNY").text("decision");
                };
                decisions.add(pool.submit(call));
            }
            start.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<String> f : decisions) {
                answers.add(f.get());
            }

            assertThat(answers).filteredOn("approve"::equals).hasSize(max);
            assertThat(answers).filteredOn("review"::equals).hasSize(payments - max);
            assertThat(redis.opsForZSet().zCard(KEY_PREFIX + "vel:" + rule + ":customer:" + customer))
                    .isEqualTo(payments);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPaymentAssessedAgainUnderTheSameIdCountsOnce() {
        createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 2));
        String customer = newCustomer();
        Map<String, Object> retried = body("payment", "pay_retried_" + customer, "merchant", merchant,
                "customer", customer, "amount", 100, "currency", "CNY", "kycLevel", "verified");

        assertThat(assess(retried).text("decision")).isEqualTo("approve");
        assertThat(assess(retried).text("decision")).isEqualTo("approve");
        assertThat(assess(retried).text("decision")).isEqualTo("approve");
        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("approve");
        assertThat(assess(customer, 100, "CNY").text("decision")).isEqualTo("review");
    }

    @Test
    void countersExpireWithTheirWindowAndLiveUnderTheConfiguredPrefix() {
        String rule = createRule("velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 5));
        String customer = newCustomer();

        Api.Response r = assess(customer, 100, "CNY");

        assertThat(r.body().get("reasons")).as("%s", r.body()).isEmpty();
        Long ttl = redis.getExpire(KEY_PREFIX + "vel:" + rule + ":customer:" + customer);
        assertThat(ttl).isBetween(1L, 61L);
    }
}

package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.netflix.concurrency.limits.Limit;

/**
 * The adaptive part of {@link LoadShedding}: a route's limit follows its latency budget, not its own
 * history. Answers are fed as the limiter feeds them (start time, latency, requests in flight, dropped),
 * on a clock of their own, one every 10 ms.
 */
class LoadSheddingLimitTest {

    static final LoadShedding.Settings SETTINGS = new LoadShedding.Settings(true, 64, 8, 512,
            Duration.ofMillis(500), Map.of("analytics-service", Duration.ofSeconds(2)), 1, 2);

    long clock;

    @Test
    void aRouteSlowerThanItsBudgetHasItsLimitCutToTheMinimum() {
        Limit limit = LoadShedding.limitOf(SETTINGS, "payment-service");
        // a window is as long as its fastest answer, at most half a second: 64 -> 8 in 20 windows
        feed(limit, 1_000, Duration.ofMillis(900), 64, false);
        assertThat(limit.getLimit()).isEqualTo(8);
        // and it stays there while the overload lasts: a sustained overload is not a new normal
        feed(limit, 3_000, Duration.ofMillis(900), 8, false);
        assertThat(limit.getLimit()).isEqualTo(8);
    }

    @Test
    void aRouteWithinItsBudgetThatUsesItsLimitHasItRaised() {
        Limit limit = LoadShedding.limitOf(SETTINGS, "payment-service");
        feed(limit, 300, Duration.ofMillis(900), 64, false);
        int cut = limit.getLimit();
        feed(limit, 1_000, Duration.ofMillis(120), cut, false);
        assertThat(limit.getLimit()).isGreaterThan(cut);
        // a route that uses less than half its limit does not have it raised further
        feed(limit, 100, Duration.ofMillis(120), 1, false);
        int raised = limit.getLimit();
        feed(limit, 1_000, Duration.ofMillis(120), 1, false);
        assertThat(limit.getLimit()).isEqualTo(raised);
    }

    @Test
    void answersOf502To504CutTheLimitWhateverTheirLatency() {
        Limit limit = LoadShedding.limitOf(SETTINGS, "payment-service");
        feed(limit, 300, Duration.ofMillis(20), 64, true);
        assertThat(limit.getLimit()).isLessThan(64);
    }

    @Test
    void aRouteWithABudgetOfItsOwnIsMeasuredAgainstIt() {
        Limit reports = LoadShedding.limitOf(SETTINGS, "analytics-service");
        Limit payments = LoadShedding.limitOf(SETTINGS, "payment-service");
        feed(reports, 300, Duration.ofMillis(900), 64, false);
        feed(payments, 300, Duration.ofMillis(900), 64, false);
        assertThat(reports.getLimit()).isGreaterThanOrEqualTo(64);
        assertThat(payments.getLimit()).isLessThan(64);
    }

    @Test
    void shedRequestsAreToldToComeBackSpreadOverTheWholeSpread() {
        SplittableRandom random = new SplittableRandom(17);
        Map<Integer, Integer> seen = new TreeMap<>();
        for (int i = 0; i < 3_000; i++) {
            seen.merge(SETTINGS.retryAfter(random), 1, Integer::sum);
        }
        assertThat(seen.keySet()).containsExactly(1, 2, 3);
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1_200));
        LoadShedding.Settings noSpread = new LoadShedding.Settings(true, 64, 8, 512, null, null, 3, 0);
        assertThat(noSpread.retryAfter(random)).isEqualTo(3);
    }

    private void feed(Limit limit, int answers, Duration latency, int inFlight, boolean dropped) {
        for (int i = 0; i < answers; i++) {
            clock += TimeUnit.MILLISECONDS.toNanos(10);
            limit.onSample(clock, latency.toNanos(), inFlight, dropped);
        }
    }
}

package io.paycloud.risk.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class AmountStatsTest {

    private static AmountStats of(long... amounts) {
        AmountStats s = AmountStats.empty();
        for (long a : amounts) {
            s = s.plus(a);
        }
        return s;
    }

    @Test
    void meanAndSampleStandardDeviationAreExact() {
        AmountStats s = of(900, 1100, 900, 1100, 1000);

        assertThat(s.mean()).isEqualByComparingTo("1000");
        assertThat(s.stdDev()).isEqualByComparingTo("100");
    }

    @Test
    void theBoundaryItselfIsNotAnAnomaly() {
        AmountStats s = of(900, 1100, 900, 1100, 1000);

        assertThat(s.isMoreThanStdDevsAbove(1300, BigDecimal.valueOf(3))).isFalse();
        assertThat(s.isMoreThanStdDevsAbove(1301, BigDecimal.valueOf(3))).isTrue();
    }

    @Test
    void identicalHistoryMakesAnyHigherAmountAnAnomalyAndTheSameAmountNot() {
        AmountStats s = of(500, 500, 500);

        assertThat(s.isMoreThanStdDevsAbove(500, BigDecimal.ONE)).isFalse();
        assertThat(s.isMoreThanStdDevsAbove(501, BigDecimal.ONE)).isTrue();
    }

    @Test
    void largeAmountsDoNotOverflow() {
        long max = 99_999_999_999L;
        AmountStats s = of(max, max - 1, max, max - 1);

        assertThat(s.isMoreThanStdDevsAbove(max, BigDecimal.valueOf(3))).isFalse();
    }

    @Property(tries = 300)
    void agreesWithAHighPrecisionComputationAwayFromTheBoundary(
            @ForAll @Size(min = 2, max = 30) java.util.List<@LongRange(min = 1, max = 10_000_000) Long> history,
            @ForAll @LongRange(min = 1, max = 20_000_000) long amount) {
        AmountStats s = AmountStats.empty();
        for (long a : history) {
            s = s.plus(a);
        }
        BigDecimal k = BigDecimal.valueOf(2);
        MathContext mc = new MathContext(60);
        BigDecimal n = BigDecimal.valueOf(history.size());
        BigDecimal mean = history.stream().map(BigDecimal::valueOf).reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, mc);
        BigDecimal ss = history.stream().map(a -> BigDecimal.valueOf(a).subtract(mean).pow(2))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal sd = ss.divide(n.subtract(BigDecimal.ONE), mc).sqrt(mc);
        BigDecimal margin = BigDecimal.valueOf(amount).subtract(mean.add(k.multiply(sd)));
        if (margin.abs().compareTo(new BigDecimal("1e-20")) > 0) {
            assertThat(s.isMoreThanStdDevsAbove(amount, k)).isEqualTo(margin.signum() > 0);
        }
    }
}

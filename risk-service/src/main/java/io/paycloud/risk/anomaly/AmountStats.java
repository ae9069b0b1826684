package io.paycloud.risk.anomaly;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * The moments of one customer's completed payments in one currency: how many, their sum and the
 * sum of their squares, all exact integers. Mean and sample variance follow from them without
 * rounding, so the anomaly test {@code amount > mean + k·stddev} is decided exactly, at the
 * boundary too. (Welford's update exists to keep floating point stable; with exact integers there
 * is nothing to stabilise, and an outcome becomes one atomic {@code UPDATE … SET n = n + 1}.)
 */
public record AmountStats(long count, BigInteger sum, BigInteger squareSum) {

    public static AmountStats empty() {
        return new AmountStats(0, BigInteger.ZERO, BigInteger.ZERO);
    }

    public AmountStats plus(long amount) {
        BigInteger a = BigInteger.valueOf(amount);
        return new AmountStats(count + 1, sum.add(a), squareSum.add(a.multiply(a)));
    }

    /** {@code n·Σx² − (Σx)²}, which is {@code n·(n−1)·variance} (sample variance). */
    private BigInteger spread() {
        return BigInteger.valueOf(count).multiply(squareSum).subtract(sum.multiply(sum));
    }

    /**
     * Whether {@code amount} is more than {@code k} sample standard deviations above the mean.
     * With {@code d = n·amount − Σx}: {@code amount − mean > k·sd} ⇔ {@code d > 0} and
     * {@code d²·(n−1) > k²·n·(n·Σx² − (Σx)²)}. Needs two payments at least.
     */
    public boolean isMoreThanStdDevsAbove(long amount, BigDecimal k) {
        if (count < 2) {
            return false;
        }
        BigInteger n = BigInteger.valueOf(count);
        BigInteger d = n.multiply(BigInteger.valueOf(amount)).subtract(sum);
        if (d.signum() <= 0) {
            return false;
        }
        BigDecimal left = new BigDecimal(d.multiply(d).multiply(n.subtract(BigInteger.ONE)));
        BigDecimal right = k.multiply(k).multiply(new BigDecimal(n.multiply(spread())));
        return left.compareTo(right) > 0;
    }

    /** The mean, rounded, for people. */
    public BigDecimal mean() {
        return count == 0 ? BigDecimal.ZERO
                : new BigDecimal(sum).divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
    }

    /** The sample standard deviation, rounded, for people. */
    public BigDecimal stdDev() {
        if (count < 2) {
            return BigDecimal.ZERO;
        }
        BigDecimal variance = new BigDecimal(spread())
                .divide(BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(count - 1)), MathContext.DECIMAL64);
        return variance.sqrt(MathContext.DECIMAL64);
    }
}

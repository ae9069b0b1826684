package io.paycloud.common.testsupport;

import java.time.Duration;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much more time the tests give this machine than the one their time bounds were written on.
 * Every time bound in a test (the longest wait for a condition, a timeout, "answers within 300 ms")
 * is written for the reference machine and passed through {@link #scaled(Duration)}.
 * <p>
 * The factor is {@value #ENVIRONMENT_VARIABLE} (or the system property {@value #SYSTEM_PROPERTY}) when
 * set; otherwise a calibration: a fixed CPU workload, timed once per JVM and compared with its time on
 * the reference machine (the project's 2-core machine, idle). A calibrated factor is never below 1 (a
 * faster machine keeps the bounds as written) and at most {@value #MAX_CALIBRATED}: past that a
 * "fast answer" bound would no longer tell a fast answer from a hang, so such a machine names its
 * factor. A value that is not a positive number fails every test that asks, rather than being ignored.
 */
public final class TestTimes {

    public static final String ENVIRONMENT_VARIABLE = "PAYCLOUD_TEST_TIME_SCALE";
    public static final String SYSTEM_PROPERTY = "paycloud.test.time-scale";

    /** The median calibration round on the reference machine, in milliseconds (see {@link #calibrate()}). */
    static final double REFERENCE_ROUND_MILLIS = 9.0;
    static final double MAX_CALIBRATED = 10;
    private static final int WARM_UP_ROUNDS = 5;
    private static final int TIMED_ROUNDS = 11;

    private static final Logger log = LoggerFactory.getLogger(TestTimes.class);
    private static volatile Double factor;
    /** Keeps the workload's result alive, so the JIT cannot drop the work. */
    private static volatile long sink;

    private TestTimes() {
    }

    /** The factor every bound is multiplied by, worked out on the first call in this JVM. */
    public static double factor() {
        Double f = factor;
        if (f == null) {
            synchronized (TestTimes.class) {
                if (factor == null) {
                    factor = resolve();
                }
                f = factor;
            }
        }
        return f;
    }

    /** {@code bound} on this machine. */
    public static Duration scaled(Duration bound) {
        return Duration.ofNanos(Math.round(bound.toNanos() * factor()));
    }

    /** {@code millis} on this machine. */
    public static long scaledMillis(long millis) {
        return Math.round(millis * factor());
    }

    /** {@code bound} on this machine as a Spring Boot property value ({@code 800ms}), for a command line. */
    public static String property(Duration bound) {
        return scaled(bound).toMillis() + "ms";
    }

    private static double resolve() {
        String property = System.getProperty(SYSTEM_PROPERTY);
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        String source = property != null && !property.isBlank() ? "system property " + SYSTEM_PROPERTY
                : env != null && !env.isBlank() ? ENVIRONMENT_VARIABLE : null;
        if (source != null) {
            double f = given(source.equals(ENVIRONMENT_VARIABLE) ? env : property, source);
            log.info("[test-times] time scale {} (from {})", f, source);
            return f;
        }
        double round = calibrate();
        double f = clamp(round / REFERENCE_ROUND_MILLIS);
        log.info("[test-times] time scale {} (calibration round {} ms, {} ms on the reference machine; set {} to choose)",
                String.format("%.2f", f), String.format("%.1f", round), REFERENCE_ROUND_MILLIS, ENVIRONMENT_VARIABLE);
        return f;
    }

    static double given(String value, String source) {
        double f;
        try {
            f = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(source + " must be a positive number, not '" + value + "'", e);
        }
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new IllegalStateException(source + " must be a positive number, not '" + value + "'");
        }
        return f;
    }

    /** A calibrated factor: at least 1, at most {@link #MAX_CALIBRATED}. */
    static double clamp(double ratio) {
        return Math.min(MAX_CALIBRATED, Math.max(1.0, ratio));
    }

    /**
     * The median time of one round of {@link #workload()} in milliseconds, after a few rounds that let
     * the JIT compile it; about a quarter of a second in all on the reference machine, where the
     * median was 9.0 to 11.0 ms over sixteen runs (2026-11-30). The median, not
     * the fastest round: a machine whose CPU is taken by others half the time is slow for the tests too.
     */
    static double calibrate() {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            sink += workload();
        }
        double[] rounds = new double[TIMED_ROUNDS];
        for (int i = 0; i < rounds.length; i++) {
            long t0 = System.nanoTime();
            sink += workload();
            rounds[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    /**
     * Fixed work that depends on the CPU and little else: no allocation after the first array and no
     * virtual calls, so the garbage collector and the JIT's choices barely move its time (a workload of
     * boxed maps and lambdas varied fivefold between runs on the same machine).
     */
    static long workload() {
        long x = 42;
        int[] a = new int[100_000];
        for (int i = 0; i < a.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            a[i] = (int) (x >>> 33);
        }
        Arrays.sort(a);
        long h = 0;
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < a.length; i++) {
                h = 31 * h + a[(int) ((h >>> 7) & 0xFFFF)] ^ (h >>> 13);
            }
        }
        return h + a[a.length / 2];
    }
}

import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed CPU-bound workload, so that a run's figures can be read against the speed of the machine they
 * were measured on. One unit is the same work on every machine and every run: SHA-256 over 16 KiB, a
 * sort of 512 ints and a little allocation (the kinds of work a payment's path does: hashing and signing,
 * parsing, short-lived objects). It runs first on one thread, then on one thread per core, and prints
 * <pre>
 *   {"threads":2,"seconds":4.0,"unitsPerSecondOneThread":…,"unitsPerSecond":…,"unitsPerCoreMs":…}
 * </pre>
 * {@code unitsPerSecond} is the whole machine's speed; {@code unitsPerCoreMs} (one thread's units per
 * millisecond) turns CPU milliseconds into units of work, which is what bench/run's calibrated figures use.
 * <pre>
 *   java Calibrate.java [seconds per phase, 4]
 * </pre>
 */
public class Calibrate {

    private static final byte[] BLOCK = new byte[16 * 1024];
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        for (int i = 0; i < BLOCK.length; i++) {
            BLOCK[i] = (byte) (i * 31 + 7);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        // the JIT first: the measured phases run compiled code on every machine alike
        phase(1, Math.min(1.0, seconds / 2));
        double one = phase(1, seconds);
        double all = phase(cores, seconds);
        System.out.printf(java.util.Locale.ROOT,
                "{\"threads\":%d,\"seconds\":%.1f,\"unitsPerSecondOneThread\":%.1f,\"unitsPerSecond\":%.1f,\"unitsPerCoreMs\":%.4f}%n",
                cores, seconds, one, all, one / 1000);
    }

    /** Units per second with {@code threads} threads busy for {@code seconds}. */
    static double phase(int threads, double seconds) throws Exception {
        LongAdder units = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        long[] ends = new long[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    int[] numbers = new int[512];
                    long seed = Thread.currentThread().getId();
                    start.await();
                    while (System.nanoTime() < ends[0]) {
                        unit(sha, numbers, seed++);
                        units.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers[t].start();
        }
        long t0 = System.nanoTime();
        ends[0] = t0 + (long) (seconds * 1e9);
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return units.sum() / wall;
    }

    static void unit(MessageDigest sha, int[] numbers, long seed) {
        sha.update(BLOCK);
        byte[] digest = sha.digest();
        long x = seed ^ digest[0];
        for (int i = 0; i < numbers.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            numbers[i] = (int) (x >>> 33);
        }
        java.util.Arrays.sort(numbers);
        StringBuilder text = new StringBuilder(64);
        text.append(numbers[0]).append(':').append(numbers[numbers.length - 1]).append(':').append(digest[1]);
        sink += text.length();
    }
}

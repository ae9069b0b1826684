import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own limit, for comparison with the payments figure: N connections, each doing
 * single-row {@code INSERT}s with autocommit (one durable commit per row) as fast as it can, for S seconds,
 * into a fresh InnoDB table. Prints one JSON object: inserts/s and the latency of each INSERT+COMMIT.
 * <pre>
 *   java -cp mariadb-java-client.jar DbBaseline.java &lt;jdbc url without database&gt; &lt;user&gt; &lt;password&gt; &lt;database&gt; &lt;connections&gt; &lt;seconds&gt; [warmup seconds]
 * </pre>
 * The database is dropped and made again. Run it through Load.java's {@code exec} to have its CPU and
 * the machine's reported.
 */
public class DbBaseline {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String db = args[3];
        int connections = Integer.parseInt(args[4]);
        double seconds = Double.parseDouble(args[5]);
        double warmup = args.length > 6 ? Double.parseDouble(args[6]) : 2;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + db + "`");
            s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            // about the size of a payment row's hot part: a key, a few columns, a timestamp
            s.execute("CREATE TABLE `" + db + "`.rows_ (id BIGINT AUTO_INCREMENT PRIMARY KEY, merchant VARCHAR(40) NOT NULL,"
                    + " amount BIGINT NOT NULL, status VARCHAR(32) NOT NULL, created_at DATETIME(6) NOT NULL) ENGINE=InnoDB");
        }
        String[] settings = new String[3];
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT @@innodb_flush_log_at_trx_commit, @@sync_binlog, @@log_bin")) {
            r.next();
            for (int i = 0; i < 3; i++) {
                settings[i] = r.getString(i + 1);
            }
        }
        if (warmup > 0) {
            run(url, user, password, db, connections, warmup, new long[1][], new AtomicLong());
        }
        long[][] latencies = new long[connections][];
        AtomicLong count = new AtomicLong();
        long t0 = run(url, user, password, db, connections, seconds, latencies, count);
        double wall = (System.nanoTime() - t0) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("{\"connections\":%d,\"seconds\":%.2f,\"inserts\":%d,\"insertsPerSecond\":%.1f,"
                        + "\"latencyMs\":{\"p50\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f},"
                        + "\"innodbFlushLogAtTrxCommit\":%s,\"syncBinlog\":%s,\"logBin\":%s}%n",
                connections, wall, count.get(), count.get() / wall, pct(all, .5), pct(all, .99), pct(all, .999),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, settings[0], settings[1], settings[2]);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + db + "`");
        }
    }

    /** Opens the connections first, then inserts for {@code seconds}; answers when the window started. */
    static long run(String url, String user, String password, String db, int connections, double seconds,
            long[][] latencies, AtomicLong count) throws Exception {
        long[] end = new long[1];
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[connections];
        Exception[] failure = new Exception[1];
        for (int t = 0; t < connections; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                try (Connection c = DriverManager.getConnection(url + "/" + db, user, password)) {
                    c.setAutoCommit(true);
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO rows_ (merchant, amount, status, created_at) VALUES (?, ?, 'succeeded', NOW(6))")) {
                        p.setString(1, "mer_bench_" + me);
                        ready.countDown();
                        go.await();
                        while (System.nanoTime() < end[0]) {
                            long s = System.nanoTime();
                            p.setLong(2, n);
                            p.executeUpdate();
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = System.nanoTime() - s;
                        }
                    }
                } catch (Exception e) {
                    failure[0] = e;
                    ready.countDown();
                }
                if (me < latencies.length) {
                    latencies[me] = Arrays.copyOf(lat, n);
                }
                count.addAndGet(n);
            });
            threads[t].start();
        }
        ready.await();
        long start = System.nanoTime();
        end[0] = start + (long) (seconds * 1e9);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return start;
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))] / 1e6;
    }
}

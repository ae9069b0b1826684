import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.identity.TokenMinter;

/**
 * PayCloud's load generator, on the JDK's HTTP client (HTTP/1.1 with keep-alive: the h2c upgrade stalls
 * against the Netty gateway). Each run prints one JSON object (and writes it to {@code out=FILE}).
 * <pre>
 *   java Load.java closed  &lt;target&gt; concurrency=N seconds=S [stopAfter=COUNT] [warmup=S] [watch=name:pid,...] [out=FILE]
 *   java Load.java open    &lt;target&gt; rate=R seconds=S [warmup=S] [watch=...] [out=FILE]
 *   java Load.java exec    [watch=...] [out=FILE] -- command args...
 *   java Load.java token   role=MERCHANT|OPS|SERVICE subject=ID audience=SERVICE [roles=viewer,...] [ttl=60]
 *
 *   &lt;target&gt; is  url=URL [method=GET] [header=Name:Value ...] [identity=ROLE:subject audience=SERVICE [roles=...]]
 *           or  payments=FILE gateway=URL
 * </pre>
 * Run it with common-lib's jar and nimbus-jose-jwt on the class path (bench/run takes both from
 * payment-service's jar): {@code java -cp common-lib.jar:nimbus-jose-jwt.jar bench/load/Load.java ...}.
 * <ul>
 * <li>{@code closed}: N clients, each sending its next request when the last one is answered; latency is
 * the time each request took. This finds the saturation throughput. {@code stopAfter=COUNT} ends it after
 * COUNT requests if that comes before {@code seconds} (a warm-up that needs a number of requests, whatever the
 * machine's speed).</li>
 * <li>{@code open}: requests are due at fixed intervals whatever the answers (open model); latency is counted
 * from the moment each request was due, not from when it was actually sent, so a stall is charged to every
 * request it delayed (no coordinated omission).</li>
 * <li>{@code payments=FILE}: one {@code <secret key> <customer id> <amount> <client ip>} per line; each
 * request creates a payment with automatic capture and {@code confirm: true} under a fresh Idempotency-Key;
 * it counts as confirmed when it answers 201 with {@code "status":"succeeded"}.</li>
 * <li>{@code identity=ROLE:subject audience=SERVICE}: for calls straight to a service, sends
 * {@code Authorization: Bearer <JWT>} as the platform makes it (common-lib's {@link TokenMinter}: ES256,
 * {@code kid} and {@code iss} the signer, {@code aud} the one service called, 60 s lifetime, the same
 * token reused for half of it). MERCHANT and OPS are signed as gateway-service, with
 * {@code PAYCLOUD_IDENTITY_PRIVATE_KEY_GATEWAY_SERVICE}, an operator (OPS) with the roles of {@code roles=}
 * (comma-separated: viewer, support, risk, treasury, admin; none when absent) as the gateway relays an
 * operator's access token; SERVICE as the service named by subject
 * ({@code sub} = {@code iss}), with {@code PAYCLOUD_IDENTITY_PRIVATE_KEY_<SUBJECT>} (e.g.
 * {@code _ANALYTICS_SERVICE}): the keys {@code bin/identity-keys.java} prints. The token is renewed off
 * the request path, every 10 s.</li>
 * <li>{@code token}: prints one such token (without {@code Bearer}), for curl or wrk.</li>
 * <li>{@code exec}: runs a command (wrk, another bench) and reports its CPU (from this process's reaped
 * children), with the machine's and the watched processes'.</li>
 * </ul>
 * CPU is given in cores (1.0 = one core busy for the whole step): the generator's own, the machine's, and
 * each watched process's ({@code watch=gateway:1234,payment:1235}, from /proc).
 */
public class Load {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");

    // ------------------------------------------------------------------ what to send

    record Target(URI uri, String method, String body, String[] headers) {
    }

    interface Requests {
        Target next();
    }

    // ------------------------------------------------------------------ what came back

    /** Latencies and outcomes of one measured window. Appends are rare enough (a few thousand/s) to lock. */
    static final class Stats {
        private long[] latencies = new long[1 << 16];
        private int size;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong confirmed = new AtomicLong();
        /** 503 answers with Retry-After that were waited out and sent again. */
        final AtomicLong shed = new AtomicLong();
        final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        /** The first answer of each kind that is not a success, cut short: what went wrong, in the server's words. */
        final Map<String, String> samples = new ConcurrentHashMap<>();

        synchronized void latency(long nanos) {
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            latencies[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] out = Arrays.copyOf(latencies, size);
            Arrays.sort(out);
            return out;
        }

        void outcome(String key) {
            outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
    }

    static HttpClient http;
    static ExecutorService callbacks;

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "help" : args[0];
        Map<String, String> opt = new LinkedHashMap<>();
        List<String> headers = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not name=value: " + args[i]);
            }
            String k = args[i].substring(0, eq);
            String v = args[i].substring(eq + 1);
            if (k.equals("header")) {
                int colon = v.indexOf(':');
                headers.add(v.substring(0, colon).trim());
                headers.add(v.substring(colon + 1).trim());
            } else {
                opt.put(k, v);
            }
        }
        switch (mode) {
            case "token" -> {
                String subject = required(opt, "subject");
                System.out.println(mint(minter(opt.get("role"), subject, Long.parseLong(opt.getOrDefault("ttl", "60"))),
                        subject, role(opt.get("role")), opt.get("roles"), required(opt, "audience")));
                return;
            }
            case "exec" -> {
                exec(opt, command);
                return;
            }
            case "closed", "open" -> {
            }
            default -> {
                System.err.println("usage: java Load.java closed|open|exec|token ... (see the class comment)");
                System.exit(2);
            }
        }
        callbacks = Executors.newFixedThreadPool(Integer.parseInt(opt.getOrDefault("threads", "2")), r -> {
            Thread t = new Thread(r, "load-http");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(callbacks).build();
        Requests requests = requests(opt, headers);
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "20"));
        double warmup = Double.parseDouble(opt.getOrDefault("warmup", "0"));
        if (warmup > 0) {
            run(mode, opt, requests, warmup, new Stats());
        }
        Stats stats = new Stats();
        Cpu cpu = Cpu.start(opt.get("watch"));
        long t0 = System.nanoTime();
        run(mode, opt, requests, seconds, stats);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> cpuUse = cpu.stop(wall);

        long[] lat = stats.sorted();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tool", "java.net.http (HTTP/1.1)");
        out.put("mode", mode);
        if (mode.equals("open")) {
            out.put("targetRate", Double.parseDouble(opt.get("rate")));
        } else {
            out.put("concurrency", Integer.parseInt(opt.getOrDefault("concurrency", "8")));
        }
        // the open model's window is the schedule; answers still outstanding at its end are waited for
        double window = mode.equals("open") ? seconds : wall;
        out.put("seconds", round(window));
        // a closed loop waits for every request it sends; the open model counts what it sent on schedule
        out.put("sent", mode.equals("open") ? stats.sent.get() : lat.length);
        out.put("completed", lat.length);
        out.put("ok", stats.ok.get());
        out.put("confirmed", stats.confirmed.get());
        out.put("rps", round(lat.length / window));
        out.put("okPerSecond", round(stats.ok.get() / window));
        out.put("confirmedPerSecond", round(stats.confirmed.get() / window));
        out.put("latencyMs", percentiles(lat));
        out.put("outcomes", new TreeMap<>(Map.copyOf(counts(stats.outcomes))));
        out.put("errorRate", lat.length == 0 ? 0 : round4((double) (lat.length - stats.ok.get()) / lat.length));
        // payments risk could not judge in time go to ops' review: the share that a busy machine sends there
        long review = stats.outcomes.entrySet().stream().filter(o -> o.getKey().endsWith(" requires_review"))
                .mapToLong(o -> o.getValue().get()).sum();
        out.put("reviewShare", lat.length == 0 ? 0 : round4((double) review / lat.length));
        // 503 answers with Retry-After (the edge shedding load), each waited out and sent again
        out.put("shed", stats.shed.get());
        out.put("shedShare", lat.length == 0 ? 0 : round4((double) stats.shed.get() / (lat.length + stats.shed.get())));
        out.put("samples", new TreeMap<>(stats.samples));
        out.put("cpu", cpuUse);
        emit(opt, out);
        System.exit(0);
    }

    // ------------------------------------------------------------------ the two load models

    private static void run(String mode, Map<String, String> opt, Requests requests, double seconds, Stats stats)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        if (mode.equals("closed")) {
            int n = Integer.parseInt(opt.getOrDefault("concurrency", "8"));
            long stopAfter = Long.parseLong(opt.getOrDefault("stopAfter", String.valueOf(Long.MAX_VALUE)));
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                closedLoop(requests, stats, end, stopAfter, done);
            }
            done.await();
            return;
        }
        double rate = Double.parseDouble(opt.get("rate"));
        int maxInFlight = Integer.parseInt(opt.getOrDefault("maxInFlight", "4096"));
        AtomicLong inFlight = new AtomicLong();
        long total = (long) Math.floor(seconds * rate);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                // the system stopped answering: refuse to pile up more, and say so
                stats.outcome("not sent (" + maxInFlight + " in flight)");
                continue;
            }
            inFlight.incrementAndGet();
            stats.sent.incrementAndGet();
            sendHonouringRetryAfter(requests.next(), stats, 0).whenComplete((r, e) -> {
                // counted from when the request was due, whatever delayed its sending
                stats.latency(System.nanoTime() - due);
                record(stats, r, e);
                inFlight.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void closedLoop(Requests requests, Stats stats, long end, long stopAfter, CountDownLatch done) {
        if (System.nanoTime() >= end || stats.sent.incrementAndGet() > stopAfter) {
            done.countDown();
            return;
        }
        long started = System.nanoTime();
        // async, so that an answer that is already there (a refused connection) does not recurse
        sendHonouringRetryAfter(requests.next(), stats, 0).whenCompleteAsync((r, e) -> {
            stats.latency(System.nanoTime() - started);
            record(stats, r, e);
            closedLoop(requests, stats, end, stopAfter, done);
        }, callbacks);
    }

    /**
     * As API.md asks of a client: a 503 with {@code Retry-After} (the gateway shedding load) is sent again,
     * the same request under the same Idempotency-Key, once that time has passed; up to 5 times. The
     * request's latency runs from its first sending to its final answer, waits included.
     */
    private static CompletableFuture<HttpResponse<String>> sendHonouringRetryAfter(Target t, Stats stats, int attempt) {
        return send(t).thenCompose(r -> {
            long after = r.statusCode() == 503 && attempt < 5
                    ? r.headers().firstValue("Retry-After").map(Load::seconds).orElse(-1L) : -1L;
            if (after < 0) {
                return CompletableFuture.completedFuture(r);
            }
            stats.shed.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> t, CompletableFuture.delayedExecutor(after, TimeUnit.SECONDS, callbacks))
                    .thenCompose(same -> sendHonouringRetryAfter(same, stats, attempt + 1));
        });
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Math.min(30, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(Target t) {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri()).timeout(Duration.ofSeconds(30))
                .method(t.method(), t.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(t.body()));
        if (t.headers().length > 0) {
            b.headers(t.headers());
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void record(Stats stats, HttpResponse<String> r, Throwable e) {
        if (e != null) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            stats.outcome(cause instanceof HttpTimeoutException ? "timeout" : cause.getClass().getSimpleName());
            return;
        }
        int s = r.statusCode();
        String key = String.valueOf(s);
        if (s == 200 || s == 201) {
            Matcher m = STATUS.matcher(r.body());
            if (r.request().method().equals("POST") && m.find()) {
                key = s + " " + m.group(1);
                if (s == 201 && m.group(1).equals("succeeded")) {
                    stats.confirmed.incrementAndGet();
                }
            }
        }
        if (s >= 200 && s < 300) {
            stats.ok.incrementAndGet();
        }
        if (!key.endsWith("succeeded") && (s >= 300 || key.contains(" ")) && !stats.samples.containsKey(key)) {
            String body = r.body() == null ? "" : r.body();
            stats.samples.putIfAbsent(key, body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
        stats.outcome(key);
    }

    // ------------------------------------------------------------------ targets

    private static Requests requests(Map<String, String> opt, List<String> headers) throws Exception {
        if (opt.containsKey("payments")) {
            List<String[]> payers = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(opt.get("payments")))) {
                if (!line.isBlank()) {
                    payers.add(line.trim().split("\\s+"));
                }
            }
            if (payers.isEmpty()) {
                throw new IllegalArgumentException("no payers in " + opt.get("payments"));
            }
            URI uri = URI.create(opt.get("gateway") + "/v1/payments");
            String run = Long.toString(System.currentTimeMillis(), 36) + "-" + ProcessHandle.current().pid();
            AtomicLong n = new AtomicLong();
            return () -> {
                long i = n.getAndIncrement();
                // round robin: consecutive payments go to different merchants and customers
                String[] p = payers.get((int) (i % payers.size()));
                String body = "{\"amount\":" + p[2] + ",\"currency\":\"CNY\",\"customer\":\"" + p[1]
                        + "\",\"confirm\":true}";
                return new Target(uri, "POST", body, new String[] {"Authorization", "Bearer " + p[0],
                        "Content-Type", "application/json", "Idempotency-Key", "bench-" + run + "-" + i,
                        "X-Client-Ip", p[3]});
            };
        }
        URI uri = URI.create(opt.get("url"));
        String method = opt.getOrDefault("method", "GET");
        String[] fixed = headers.toArray(String[]::new);
        if (!opt.containsKey("identity")) {
            return () -> new Target(uri, method, null, fixed);
        }
        for (int i = 0; i < fixed.length; i += 2) {
            if (fixed[i].equalsIgnoreCase("Authorization")) {
                throw new IllegalArgumentException("identity= sends its own Authorization header; drop header=Authorization:...");
            }
        }
        String[] id = opt.get("identity").split(":", 2);
        if (id.length != 2 || id[1].isBlank()) {
            throw new IllegalArgumentException("identity=ROLE:subject, not " + opt.get("identity"));
        }
        Identity.Role role = role(id[0]);
        String audience = required(opt, "audience");
        TokenMinter minter = minter(id[0], id[1], 60);
        String roles = opt.get("roles");
        AtomicReference<String[]> current = new AtomicReference<>(withIdentity(fixed, mint(minter, id[1], role, roles, audience)));
        // the minter hands out the same token for half its lifetime, then signs a new one: asked every 10 s
        // off the request path, so that no measured request waits for a signature
        Thread renew = new Thread(() -> {
            while (true) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
                current.set(withIdentity(fixed, mint(minter, id[1], role, roles, audience)));
            }
        }, "identity-renewal");
        renew.setDaemon(true);
        renew.start();
        return () -> new Target(uri, method, null, current.get());
    }

    /** {@code subject}'s identity token; an operator's carries {@code roles} (comma-separated wire names). */
    private static String mint(TokenMinter minter, String subject, Identity.Role role, String roles, String audience) {
        if (role == Identity.Role.OPS) {
            return minter.operator(subject, OperatorRole.ofWire(roles == null ? List.of() : Arrays.asList(roles.split(","))),
                    audience);
        }
        return minter.token(subject, role, audience);
    }

    private static String[] withIdentity(String[] headers, String token) {
        String[] h = Arrays.copyOf(headers, headers.length + 2);
        h[headers.length] = "Authorization";
        h[headers.length + 1] = "Bearer " + token;
        return h;
    }

    private static Identity.Role role(String name) {
        if (name == null) {
            throw new IllegalArgumentException("role=MERCHANT|OPS|SERVICE is required");
        }
        return Identity.Role.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static String required(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + "= is required" + (name.equals("audience")
                    ? " (the one service the call goes to, e.g. audience=payment-service)" : ""));
        }
        return v;
    }

    /**
     * The minter of whoever signs a {@code role} identity: gateway-service for merchants and ops (the
     * services accept those from the gateway only), the service itself for SERVICE ({@code sub} = {@code iss}),
     * with that signer's private key from {@code PAYCLOUD_IDENTITY_PRIVATE_KEY_<SIGNER>}.
     */
    static TokenMinter minter(String role, String subject, long ttlSeconds) {
        String signer = role(role) == Identity.Role.SERVICE ? subject : "gateway-service";
        String variable = "PAYCLOUD_IDENTITY_PRIVATE_KEY_" + signer.toUpperCase(Locale.ROOT).replace('-', '_');
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(variable + " is not set (the private key of " + signer
                    + ", as bin/identity-keys.java prints it)");
        }
        return new TokenMinter(signer, signer, PlatformKeys.privateKey(key), Duration.ofSeconds(ttlSeconds), Clock.systemUTC());
    }

    // ------------------------------------------------------------------ exec: another tool, measured

    private static void exec(Map<String, String> opt, List<String> command) throws Exception {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command after --");
        }
        long[] children0 = childrenTicks();
        Cpu cpu = Cpu.start(opt.get("watch"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().start();
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> cpuUse = cpu.stop(wall);
        long[] children1 = childrenTicks();
        // the command's own CPU: this JVM waited for it, so the kernel added its time to ours (cutime, cstime)
        cpuUse.put("loadgenCores", round((children1[0] - children0[0]) / Cpu.HZ / wall));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", String.join(" ", command));
        out.put("exit", exit);
        out.put("seconds", round(wall));
        out.put("cpu", cpuUse);
        emit(opt, out);
        System.exit(exit);
    }

    private static long[] childrenTicks() throws IOException {
        String[] f = afterComm(Files.readString(Path.of("/proc/self/stat")));
        // fields 16 and 17 of /proc/<pid>/stat: cutime and cstime (index 13, 14 after the comm field)
        return new long[] {Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /** The fields of /proc/<pid>/stat after "(comm)", which may itself hold spaces. f[0] is field 3 (state). */
    static String[] afterComm(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    }

    // ------------------------------------------------------------------ CPU accounting

    /** CPU used over a window: the machine's (/proc/stat), this process's, and watched processes'. */
    static final class Cpu {
        static final double HZ = 100.0; // USER_HZ: 100 on every Linux architecture Java runs on
        private final long[] machine0;
        private final long self0;
        private final Map<String, Long> watched0 = new LinkedHashMap<>();
        private final Map<String, Long> pids = new LinkedHashMap<>();

        private Cpu(String watch) {
            if (watch != null && !watch.isBlank()) {
                for (String w : watch.split(",")) {
                    String[] nv = w.split(":");
                    pids.put(nv[0], Long.parseLong(nv[1]));
                }
            }
            pids.forEach((name, pid) -> watched0.put(name, ticks(pid)));
            self0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            machine0 = machine();
        }

        static Cpu start(String watch) {
            return new Cpu(watch);
        }

        Map<String, Object> stop(double wall) {
            long[] machine1 = machine();
            long self1 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("loadgenCores", round((self1 - self0) / 1e9 / wall));
            double total = machine1[1] - machine0[1];
            double busy = total <= 0 ? 0 : 1.0 - (machine1[0] - machine0[0]) / total;
            int cores = Runtime.getRuntime().availableProcessors();
            out.put("machineBusy", round4(busy));
            out.put("machineCores", round(busy * cores));
            Map<String, Object> per = new LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                long t = ticks(pid);
                Long t0 = watched0.get(name);
                per.put(name, t < 0 || t0 < 0 ? null : round((t - t0) / HZ / wall));
            });
            out.put("processes", per);
            return out;
        }

        /** utime + stime of a process, in ticks; -1 when it is gone. */
        private static long ticks(long pid) {
            try {
                String[] f = afterComm(Files.readString(Path.of("/proc/" + pid + "/stat")));
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** [idle + iowait, total] jiffies of the whole machine. */
        private static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal (guest time is already inside user)
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), total};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }
    }

    // ------------------------------------------------------------------ output

    private static Map<String, Object> percentiles(long[] sorted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", pct(sorted, 0.50));
        m.put("p90", pct(sorted, 0.90));
        m.put("p99", pct(sorted, 0.99));
        m.put("p999", pct(sorted, 0.999));
        m.put("max", sorted.length == 0 ? null : round3(sorted[sorted.length - 1] / 1e6));
        m.put("mean", sorted.length == 0 ? null : round3(Arrays.stream(sorted).average().orElse(0) / 1e6));
        return m;
    }

    private static Object pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return round3(sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6);
    }

    private static Map<String, Long> counts(Map<String, AtomicLong> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static void emit(Map<String, String> opt, Map<String, Object> out) throws IOException {
        String json = json(out);
        System.out.println(json);
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), json + "\n");
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return "null";
        }
        return String.valueOf(v);
    }
}

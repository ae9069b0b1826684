package io.paycloud.gateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paycloud.common.money.Currencies;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.gateway.LocalPlatform;
import io.paycloud.gateway.PlatformCertificates;
import io.paycloud.gateway.chaos.fault.FreshTransferIds;
import tools.jackson.databind.JsonNode;

/**
 * The platform's promises under faults. The whole platform runs from its jars on MySQL/MariaDB, with a
 * Redis of its own (so it can be stopped) and account-service behind a {@link FaultProxy} (so it can be made
 * slow or lossy); merchants drive payments, captures, cancels and refunds through the gateway while
 * payment-, account- and risk-service are killed -9 and restarted at random moments, Redis is stopped and
 * started, and account-service turns slow and lossy. Once the janitors have settled, {@link MoneyAudit}
 * must find no violation, and analytics' totals must match the ledger.
 * <p>
 * Short by default (CI); {@code -Dpaycloud.chaos.seconds=600} makes the long run ({@code bench/chaos/run}).
 * {@code -Dpaycloud.chaos.seed} repeats a run. A negative control at the end breaks the platform on purpose
 * (transfer ids made fresh per attempt) and the same audit must find violations.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);
    private static final long SECONDS = Long.getLong("paycloud.chaos.seconds", 60);
    private static final int WORKERS = Integer.getInteger("paycloud.chaos.workers", 4);
    private static final long SEED = Long.getLong("paycloud.chaos.seed", System.nanoTime());

    private static LocalPlatform platform;
    private static FaultProxy proxy;
    private static Process redis;
    private static int redisPort;
    private static MoneyAudit audit;
    private static final Map<String, String> summary = new LinkedHashMap<>();

    @BeforeAll
    static void bootPlatform() throws Exception {
        Assumptions.assumeTrue(System.getenv("PAYCLOUD_TEST_DB_URL") != null,
                "the chaos run audits MySQL/MariaDB databases: set PAYCLOUD_TEST_DB_URL (see .ci/run)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")) || onPath("redis-server"),
                "the chaos run stops and starts a Redis of its own: redis-server is needed");
        log.info("[chaos] seed {} ({} s, {} workers)", SEED, SECONDS, WORKERS);
        summary.put("seed", String.valueOf(SEED));
        platform = new LocalPlatform("chaos");
        // the traffic's set-up funds wallets with deposits of up to 1,000,000 minor units, the default four-eyes
        // threshold, and the audit counts what the client deposited: every deposit must be made at once, so no
        // deposit here waits for a second treasury operator (PlatformEndToEndIT tests that path)
        platform.environment("PAYCLOUD_FOUR_EYES_DEPOSIT_THRESHOLD", String.valueOf(Currencies.MAX_AMOUNT));
        // while account-service is down the merchants' keys must still authenticate at the gateway, so their
        // payments reach payment-service and its breaker: the gateway's 30-second key cache could expire inside
        // that window (then the gateway answers 503 itself, payment-service sees two calls and its breaker never
        // opens); no key changes during the run
        platform.environment("PAYCLOUD_EDGE_KEYCACHETTL", "10m");
        redisPort = TestInfrastructure.freePort();
        startRedis();
        platform.useRedis("127.0.0.1", redisPort);
        // account-service is found through Eureka at the proxy's port, so every caller goes through it
        int proxyPort = TestInfrastructure.freePort();
        // (ending TLS on both sides with the platform's certificates: account-service's towards its callers)
        proxy = new FaultProxy(proxyPort, platform.port("account-service"), SEED,
                PlatformCertificates.context(PlatformCertificates.DIR, "account-service"),
                PlatformCertificates.context(PlatformCertificates.DIR, "payment-service"));
        platform.arguments("account-service", "--eureka.instance.secure-port=" + proxyPort);
        platform.boot();
        audit = new MoneyAudit(platform.database("account-service"), platform.database("payment-service"));
        awaitRoutable();
    }

    @AfterAll
    static void stopPlatform() throws IOException {
        if (platform != null) {
            platform.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
        if (!summary.isEmpty()) {
            StringBuilder out = new StringBuilder("chaos summary\n");
            summary.forEach((k, v) -> out.append(String.format("  %-28s %s%n", k, v)));
            System.out.println(out);
            Path file = Path.of("target", "chaos-summary.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
        }
    }

    @Test
    @Order(1)
    void breakersTakeTheFallbackOrFailFastAndCloseAfterRecovery() throws Exception {
        MerchantTraffic traffic = new MerchantTraffic(platform, SEED);
        traffic.setUp("breaker", 1, 3, 1_000_000);
        MerchantTraffic.Merchant merchant = traffic.merchants().get(0);
        List<String> customers = customerIds(traffic);

        // risk-service down: payments take the configured fallback (review) within the risk timeout
        platform.kill("risk-service");
        Outage risk = untilOpen("risk-service", merchant, customers, r -> assertThat(LocalPlatform.json(r, 201)
                .path("status").asString()).as("fallback while risk is down").isEqualTo("requires_review"));
        summary.put("risk down: fallback", risk.calls() + " payments to requires_review, slowest " + risk.slowestMillis() + " ms");
        summary.put("risk breaker: time to open", risk.openedAfterMillis() + " ms after the kill (" + risk.calls() + " calls)");
        platform.start("risk-service");
        platform.awaitHealthy("risk-service", TestTimes.scaled(Duration.ofSeconds(150)));
        long closedIn = untilClosed("risk-service", merchant, customers, "risk-back");
        summary.put("risk breaker: time to close", closedIn + " ms after risk-service was healthy");

        // account-service down: a confirm fails fast with 503, and nothing is left half-done after recovery
        proxy.down();
        platform.kill("account-service");
        Outage account = untilOpen("account-service", merchant, customers, r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        });
        summary.put("account down: fail fast", account.calls() + " confirms answered 503, slowest " + account.slowestMillis() + " ms");
        summary.put("account breaker: time to open", account.openedAfterMillis() + " ms after the kill (" + account.calls() + " calls)");
        platform.start("account-service");
        platform.awaitHealthy("account-service", TestTimes.scaled(Duration.ofSeconds(150)));
        proxy.pass();
        closedIn = untilClosed("account-service", merchant, customers, "acct-back");
        summary.put("account breaker: time to close", closedIn + " ms after account-service was healthy");

        await().atMost(TestTimes.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(1)).until(() -> audit.unsettled() == 0);
        MoneyAudit.Result result = audit.run(traffic.view());
        assertThat(result.violations()).as("after the breaker outages").isEmpty();
    }

    @Test
    @Order(2)
    void moneyIsConservedThroughCrashesAndFaults() throws Exception {
        MerchantTraffic traffic = new MerchantTraffic(platform, SEED + 1);
        traffic.setUp("chaos", 3, 20, 200_000);
        Map<String, AtomicLong> faults = new TreeMap<>();
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        long minimum = System.nanoTime() + SECONDS * 1_000_000_000L;
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<Throwable> loadFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread load = new Thread(() -> {
            try {
                traffic.run(WORKERS, loading::get);
            } catch (Throwable e) {
                // kept for the test thread: an exception thrown here would die with the thread unseen
                loadFailure.set(e);
            }
        }, "chaos-load");
        load.start();

        // every kind of fault once, in a random order, then more at random until the time is up
        Random random = new Random(SEED + 2);
        List<String> kinds = new ArrayList<>(List.of("kill payment-service", "kill account-service", "kill risk-service",
                "stop redis", "slow account-service", "lossy account-service"));
        Collections.shuffle(kinds, random);
        int next = 0;
        Thread.sleep(2_000 + random.nextInt(3_000));
        while (next < kinds.size() || System.nanoTime() < minimum) {
            String fault = next < kinds.size() ? kinds.get(next++) : kinds.get(random.nextInt(kinds.size()));
            inject(fault, random);
            faults.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
            Thread.sleep(1_000 + random.nextInt(4_000));
        }
        loading.set(false);
        load.join();
        long loadSeconds = (System.nanoTime() - started) / 1_000_000_000L;

        awaitRoutable();
        long settleStart = System.nanoTime();
        await().atMost(TestTimes.scaled(Duration.ofSeconds(120))).pollInterval(Duration.ofSeconds(1)).until(() -> audit.unsettled() == 0);
        long settled = ms(System.nanoTime() - settleStart);
        MoneyAudit.Result result = audit.run(traffic.view());
        List<String> violations = new ArrayList<>(result.violations());
        violations.addAll(analyticsAgreeWithTheLedger(traffic));

        Map<String, Long> counters = traffic.counters();
        long operations = counters.entrySet().stream().filter(e -> e.getKey().startsWith("op.")).mapToLong(Map.Entry::getValue).sum();
        summary.put("load", loadSeconds + " s, " + WORKERS + " clients, " + operations + " operations");
        summary.put("operations", filter(counters, "op."));
        summary.put("answers", filter(counters, "payment.") + " " + filter(counters, "refund."));
        summary.put("retries (no answer yet)", filter(counters, "retry."));
        summary.put("gave up (outcome unknown)", filter(counters, "gave_up."));
        summary.put("faults injected", faults.values().stream().mapToLong(AtomicLong::get).sum() + " " + faults
                + ", answers lost " + proxy.lostAnswers() + ", delayed " + proxy.delayedAnswers());
        summary.put("settled by janitors in", settled + " ms");
        summary.put("books", result.figures().toString());
        summary.put("violations", violations.size() + (violations.isEmpty() ? "" : " " + violations.subList(0, Math.min(20, violations.size()))));
        log.info("[chaos] violations: {}", violations);
        summary.put("server errors (500)", String.valueOf(counters.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".500")).mapToLong(Map.Entry::getValue).sum()));
        assertThat(loadFailure.get()).as("the load generator ran to the end").isNull();
        assertThat(faults.keySet()).as("every kind of fault was injected").hasSize(kinds.size());
        assertThat(counters.getOrDefault("payment.succeeded", 0L)).as("payments succeeded under chaos").isPositive();
        long gaveUp = counters.entrySet().stream().filter(e -> e.getKey().startsWith("gave_up.")).mapToLong(Map.Entry::getValue).sum();
        assertThat(gaveUp).as("operations whose clients gave up (outcome unknown) of " + operations).isLessThanOrEqualTo(operations / 20);
        assertThat(violations).isEmpty();
    }

    /**
     * The negative control: payment-service restarted with {@link FreshTransferIds} on its class path (transfer
     * ids made fresh on every attempt), while account-service loses answers. Retries then post money twice,
     * and the audit has to notice.
     */
    @Test
    @Order(3)
    void theAuditCatchesABuildThatPostsRetriesTwice() throws Exception {
        platform.stop("payment-service");
        platform.classPath("payment-service", FreshTransferIds.install(Files.createTempDirectory("chaos-fault")));
        platform.start("payment-service");
        platform.awaitHealthy("payment-service", Duration.ofSeconds(150));
        awaitRoutable();
        MerchantTraffic traffic = new MerchantTraffic(platform, SEED + 3);
        traffic.setUp("control", 2, 4, 500_000);
        proxy.lossy(0.35);
        long until = System.nanoTime() + 25_000_000_000L;
        traffic.run(WORKERS, () -> System.nanoTime() < until);
        proxy.pass();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> audit.unsettled() == 0);
        MoneyAudit.Result result = audit.run(traffic.view());
        summary.put("negative control", result.violations().size() + " violations found with FreshTransferIds"
                + (result.violations().isEmpty() ? "" : ", e.g. " + result.violations().get(0)));
        assertThat(result.violations()).as("the audit finds what the broken build did").isNotEmpty();
    }

    private static void inject(String fault, Random random) throws Exception {
        long t0 = System.nanoTime();
        switch (fault) {
            case "kill payment-service", "kill risk-service" -> {
                String service = fault.substring(5);
                platform.kill(service);
                Thread.sleep(random.nextInt(3_000));
                platform.start(service);
                platform.awaitHealthy(service, TestTimes.scaled(Duration.ofSeconds(150)));
            }
            case "kill account-service" -> {
                proxy.down();
                platform.kill("account-service");
                Thread.sleep(random.nextInt(3_000));
                platform.start("account-service");
                platform.awaitHealthy("account-service", TestTimes.scaled(Duration.ofSeconds(150)));
                proxy.pass();
            }
            case "stop redis" -> {
                redis.destroyForcibly().waitFor();
                Thread.sleep(3_000 + random.nextInt(4_000));
                startRedis();
            }
            case "slow account-service" -> {
                proxy.slow(2_500);
                Thread.sleep(4_000 + random.nextInt(4_000));
                proxy.pass();
            }
            case "lossy account-service" -> {
                proxy.lossy(0.3);
                Thread.sleep(4_000 + random.nextInt(4_000));
                proxy.pass();
            }
            default -> throw new IllegalArgumentException(fault);
        }
        log.info("[chaos] {} for {} ms", fault, ms(System.nanoTime() - t0));
    }

    /** Analytics, fed by payment-service's events, must report what the ledger holds for each merchant. */
    private static List<String> analyticsAgreeWithTheLedger(MerchantTraffic traffic) throws Exception {
        List<String> violations = new ArrayList<>();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode[] report = new JsonNode[1];
        try {
            await().atMost(TestTimes.scaled(Duration.ofSeconds(90))).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                report[0] = LocalPlatform.json(platform.send("GET", "/v1/reports/reconciliation?date=" + today,
                        platform.operatorAuthorization(), null, null), 200);
                // "complete" waits for the day to end; the day so far must balance
                return report[0].path("balanced").asBoolean();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            violations.add("analytics reconciliation not balanced: " + (report[0] == null ? "no answer"
                    : report[0].path("mismatches").toString()));
        }
        String from = Instant.now().minus(Duration.ofDays(1)).toString();
        String to = Instant.now().plus(Duration.ofHours(1)).toString();
        for (MerchantTraffic.Merchant m : traffic.merchants()) {
            JsonNode buckets = LocalPlatform.json(platform.send("GET", "/v1/reports/summary?granularity=day&currency=CNY&from="
                    + from + "&to=" + to, m.key(), null, null), 200).path("data");
            long gross = 0;
            long refunded = 0;
            for (JsonNode b : buckets) {
                gross += b.path("grossAmount").asLong();
                refunded += b.path("refundedAmount").asLong();
            }
            Map<String, Long> books = audit.merchantTotals(m.account());
            if (gross != books.get("gross") || refunded != books.get("refunded")) {
                violations.add("analytics for " + m.id() + " says gross " + gross + ", refunded " + refunded
                        + "; the ledger " + books);
            }
        }
        return violations;
    }

    record Outage(int calls, long slowestMillis, long openedAfterMillis) {
    }

    /**
     * Right after a service went down: sends payments, each answer checked and timed, until payment-service's
     * breaker for that service is open. Every answer must come within 1.5 s on the reference machine
     * ({@link TestTimes}: payment-service's risk timeout, 800 ms, is scaled alike by LocalPlatform).
     */
    private static Outage untilOpen(String service, MerchantTraffic.Merchant merchant, List<String> customers,
            java.util.function.Consumer<HttpResponse<String>> check) throws Exception {
        long t0 = System.nanoTime();
        long slowest = 0;
        int calls = 0;
        while (!breaker(service).equals("OPEN")) {
            assertThat(System.nanoTime() - t0).as(service + " breaker opens").isLessThan(TestTimes.scaled(Duration.ofSeconds(30)).toNanos());
            long s = System.nanoTime();
            HttpResponse<String> r = pay(merchant, customers.get(calls % customers.size()), service + "-down-" + calls);
            slowest = Math.max(slowest, ms(System.nanoTime() - s));
            check.accept(r);
            calls++;
            Thread.sleep(100);
        }
        assertThat(slowest).as("slowest answer while " + service + " is down (ms)").isLessThan(TestTimes.scaledMillis(1_500));
        return new Outage(calls, slowest, ms(System.nanoTime() - t0));
    }

    private static long untilClosed(String service, MerchantTraffic.Merchant merchant, List<String> customers, String label)
            throws Exception {
        long t0 = System.nanoTime();
        int n = 0;
        while (!breaker(service).equals("CLOSED")) {
            assertThat(System.nanoTime() - t0).as(service + " breaker closes").isLessThan(TestTimes.scaled(Duration.ofSeconds(90)).toNanos());
            pay(merchant, customers.get(n % customers.size()), label + "-" + n++);
            Thread.sleep(200);
        }
        return ms(System.nanoTime() - t0);
    }

    private static HttpResponse<String> pay(MerchantTraffic.Merchant merchant, String customer, String key) throws Exception {
        return platform.send("POST", "/v1/payments", merchant.key(), "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\""
                + customer + "\",\"confirm\":true}", key + "-" + SEED);
    }

    /** The customers that can pay (the first of each merchant runs short on purpose). */
    private static List<String> customerIds(MerchantTraffic traffic) {
        return traffic.customers().stream().filter(c -> traffic.view().deposits().get(c.wallet()) >= 100_000)
                .map(MerchantTraffic.Customer::id).toList();
    }

    /** The state of one of payment-service's breakers, from its actuator. */
    private static String breaker(String name) throws Exception {
        HttpResponse<String> r = platform.actuator("payment-service", "/actuator/circuitbreakers");
        return LocalPlatform.JSON.readTree(r.body()).path("circuitBreakers").path(name).path("state").asString("UNKNOWN");
    }

    private static void awaitRoutable() {
        await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(90))).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String route : List.of("payment", "account", "risk", "analytics")) {
                assertThat(platform.gateway("/status/" + route, Map.of()).statusCode()).as(route).isEqualTo(200);
            }
        });
    }

    private static void startRedis() throws IOException {
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(platform.runDir.resolve("logs/redis.log").toFile()))
                .start();
        await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(10))).until(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", redisPort)) {
                return true;
            }
        });
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String filter(Map<String, Long> counters, String prefix) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out.toString();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}

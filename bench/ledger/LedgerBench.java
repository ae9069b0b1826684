import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.identity.TokenMinter;

/**
 * Ledger throughput over HTTP against a running account-service: single transfers
 * (POST /internal/transfers) versus batches of 1,000 (POST /internal/transfers/batch), same
 * concurrency, every transfer a wallet → merchant payment (one hot merchant account); plus single
 * transfers between disjoint wallet pairs, to show what the hot account costs. Not a test; run through run.sh.
 *
 * java -cp common-lib.jar:nimbus-jose-jwt.jar LedgerBench.java <baseUrl> [singles=4000] [batches=20] [threads=8]
 * With -Dledger.json=FILE the figures are also written there as one JSON object (bench/run reads it).
 * <p>
 * Every call carries {@code Authorization: Bearer <JWT>} for account-service (aud), signed as the
 * platform would sign it (common-lib's {@link TokenMinter}): the world it makes through {@code /v1} as
 * the gateway vouching for an operator (roles admin and treasury: merchants and deposits; the gateway
 * relays an operator's access token so, and account-service checks the roles again) or the merchant,
 * the transfers as payment-service, the audit as
 * analytics-service, each the only caller account-service admits there. The private keys come from
 * {@code PAYCLOUD_IDENTITY_PRIVATE_KEY_GATEWAY_SERVICE}, {@code _PAYMENT_SERVICE} and
 * {@code _ANALYTICS_SERVICE}, as {@code bin/identity-keys.java} prints them. The deposits (90,000,000,000
 * minor units each) are far above the default four-eyes threshold: account-service must run with
 * {@code PAYCLOUD_FOUR_EYES_DEPOSIT_THRESHOLD} raised (run.sh and bench/run do), or they wait for approval (202).
 */
public class LedgerBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        String run = Long.toString(System.currentTimeMillis(), 36);

        String merchantJson = send("POST", "/v1/merchants", "{\"name\":\"bench\"}", null, 201);
        String merchantId = field(merchantJson, "id");
        String merchantAccount = field(merchantJson.substring(merchantJson.indexOf("\"accounts\"")), "CNY");
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String customer = send("POST", "/v1/customers", "{\"name\":\"payer " + i + "\",\"currency\":\"CNY\"}", merchantId, 201);
            String wallet = field(customer, "accountId");
            send("POST", "/v1/accounts/" + wallet + "/deposits", "{\"amount\":90000000000,\"currency\":\"CNY\"}", null, 201);
            wallets.add(wallet);
        }

        // warm-up: JIT, connection pools
        parallel(threads, 400, i -> send("POST", "/internal/transfers",
                transfer("w-" + run + "-" + i, wallets.get(i % wallets.size()), merchantAccount), null, 201));

        long t0 = System.nanoTime();
        parallel(threads, singles, i -> send("POST", "/internal/transfers",
                transfer("s-" + run + "-" + i, wallets.get(i % wallets.size()), merchantAccount), null, 201));
        double singleSeconds = (System.nanoTime() - t0) / 1e9;
        double singleRate = singles / singleSeconds;

        // the same, but between disjoint wallet pairs: no row shared, so no hot account
        t0 = System.nanoTime();
        parallel(threads, singles, i -> send("POST", "/internal/transfers",
                transfer("u-" + run + "-" + i, wallets.get(i % 32), wallets.get(32 + i % 32)), null, 201));
        double spreadSeconds = (System.nanoTime() - t0) / 1e9;
        double spreadRate = singles / spreadSeconds;

        t0 = System.nanoTime();
        parallel(Math.min(threads, batches), batches, b -> {
            StringBuilder body = new StringBuilder("{\"transfers\":[");
            for (int i = 0; i < 1000; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append(transfer("b-" + run + "-" + b + "-" + i, wallets.get((b * 1000 + i) % wallets.size()), merchantAccount));
            }
            String answer = send("POST", "/internal/transfers/batch", body.append("]}").toString(), null, 200);
            if (answer.contains("\"failed\"")) {
                throw new IllegalStateException("a batch transfer failed: " + answer.substring(0, Math.min(500, answer.length())));
            }
            return answer;
        });
        double batchSeconds = (System.nanoTime() - t0) / 1e9;
        double batchRate = batches * 1000 / batchSeconds;

        String audit = send("GET", "/internal/audit", null, null, 200);
        System.out.printf("single transfers : %,d in %.2f s = %,.0f transfers/s (%d threads)%n", singles, singleSeconds, singleRate, threads);
        System.out.printf("single, no hot row: %,d in %.2f s = %,.0f transfers/s (%d threads, wallet to wallet)%n", singles,
                spreadSeconds, spreadRate, threads);
        System.out.printf("batches of 1,000 : %,d in %.2f s = %,.0f transfers/s (%d batches, %d threads)%n", batches * 1000,
                batchSeconds, batchRate, batches, Math.min(threads, batches));
        System.out.printf("ratio batch/single (into one merchant account): %.1fx%n", batchRate / singleRate);
        System.out.println("audit ok: " + audit.startsWith("{\"ok\":true"));
        String json = System.getProperty("ledger.json");
        if (json != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(json), String.format(java.util.Locale.ROOT,
                    "{\"threads\":%d,\"singles\":%d,\"singleSeconds\":%.3f,\"singlePerSecond\":%.1f,"
                            + "\"spreadPerSecond\":%.1f,\"batches\":%d,\"batchSize\":1000,\"batchSeconds\":%.3f,"
                            + "\"batchTransfersPerSecond\":%.1f,\"ratio\":%.2f,\"auditOk\":%b}%n",
                    threads, singles, singleSeconds, singleRate, spreadRate, batches, batchSeconds, batchRate,
                    batchRate / singleRate, audit.startsWith("{\"ok\":true")));
        }
    }

    static String transfer(String id, String debit, String credit) {
        return "{\"id\":\"" + id + "\",\"kind\":\"single\",\"debitAccountId\":\"" + debit + "\",\"creditAccountId\":\"" + credit
                + "\",\"amount\":1,\"currency\":\"CNY\"}";
    }

    interface Task {
        Object run(int i) throws Exception;
    }

    static void parallel(int threads, int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (long i; (i = next.getAndIncrement()) < count; ) {
                    task.run((int) i);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String send(String method, String path, String body, String merchantId, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        b.header("Authorization", "Bearer " + token(path, merchantId));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static final String AUDIENCE = "account-service";
    static final TokenMinter GATEWAY = minter("gateway-service");
    static final TokenMinter PAYMENT = minter("payment-service");
    static final TokenMinter ANALYTICS = minter("analytics-service");

    /** The identity account-service admits on {@code path}, meant for account-service alone. */
    static String token(String path, String merchantId) {
        if (path.equals("/internal/audit")) {
            return ANALYTICS.forService(AUDIENCE);
        }
        if (path.startsWith("/internal/")) {
            return PAYMENT.forService(AUDIENCE);
        }
        return merchantId != null ? GATEWAY.token(merchantId, Identity.Role.MERCHANT, AUDIENCE)
                : GATEWAY.operator("bench", EnumSet.of(OperatorRole.ADMIN, OperatorRole.TREASURY), AUDIENCE);
    }

    /** A caching minter (one signature per half lifetime) with {@code service}'s private key. */
    static TokenMinter minter(String service) {
        String variable = "PAYCLOUD_IDENTITY_PRIVATE_KEY_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(variable + " is not set (the private key of " + service
                    + ", as bin/identity-keys.java prints it)");
        }
        return new TokenMinter(service, service, PlatformKeys.privateKey(key), TokenMinter.MAX_TTL, Clock.systemUTC());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.identity.TokenMinter;

/**
 * Latency of POST /internal/assessments against a running risk-service, measured by the caller
 * over loopback HTTP/1.1 with keep-alive. Each request carries a customer (one of 2,000), a device
 * and an IP, so the default rules run every check: block list, limits, three velocity windows in
 * one Redis call, the anomaly history read, and the stored assessment.
 *
 * java -cp common-lib.jar:nimbus-jose-jwt.jar AssessmentLatency.java <baseUrl> [warmup=5000] [requests=20000] [clients=1]
 * <p>
 * Each call carries {@code Authorization: Bearer <JWT>} signed as payment-service signs its own (the only
 * caller risk-service admits on /internal/assessments), aud risk-service, with the private key in
 * {@code PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE} (as {@code bin/identity-keys.java} prints it;
 * run.sh makes a fresh set and hands risk-service the matching public keys).
 */
public class AssessmentLatency {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(base + "/internal/assessments");

        run(http, uri, warmup, clients);
        long started = System.nanoTime();
        long[] nanos = run(http, uri, requests, clients);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("clients=%d requests=%d throughput=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                clients, requests, requests / seconds, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99),
                ms(nanos, 0.999), nanos[nanos.length - 1] / 1e6);
    }

    private static long[] run(HttpClient http, URI uri, int requests, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int share = requests / clients + (c < requests % clients ? 1 : 0);
            parts.add(pool.submit(() -> {
                long[] out = new long[share];
                for (int i = 0; i < share; i++) {
                    out[i] = one(http, uri);
                }
                return out;
            }));
        }
        long[] all = new long[requests];
        int k = 0;
        try {
            for (Future<long[]> f : parts) {
                long[] part = f.get();
                System.arraycopy(part, 0, all, k, part.length);
                k += part.length;
            }
        } finally {
            // also when a request failed (a refused token, say): the pool's threads would keep the JVM alive
            pool.shutdownNow();
        }
        return all;
    }

    private static long one(HttpClient http, URI uri) throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int customer = r.nextInt(2000);
        String body = "{\"payment\":\"pay_bench" + r.nextLong(Long.MAX_VALUE) + "\",\"merchant\":\"mer_bench\","
                + "\"customer\":\"cus_bench" + customer + "\",\"amount\":" + (100 + r.nextInt(100_000))
                + ",\"currency\":\"CNY\",\"kycLevel\":\"verified\",\"email\":\"c" + customer + "@example.com\","
                + "\"clientIp\":\"10.0." + (customer % 250) + "." + (customer / 250) + "\",\"deviceId\":\"dev-" + customer + "\"}";
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKENS.forService("risk-service"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - t;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("unexpected answer " + response.statusCode() + ": " + response.body());
        }
        return elapsed;
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /**
     * payment-service's caching minter, as payment-service itself uses it: the same token for half its
     * 60 s lifetime, then a new signature. The token is taken before a request's clock starts, so the
     * rare signature is not in the figures.
     */
    static final TokenMinter TOKENS = minter();

    static TokenMinter minter() {
        String key = System.getenv("PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE is not set (payment-service's "
                    + "private key, as bin/identity-keys.java prints it; run.sh sets it)");
        }
        return new TokenMinter("payment-service", "payment-service", PlatformKeys.privateKey(key), TokenMinter.MAX_TTL,
                Clock.systemUTC());
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Latency of POST /internal/assessments against a running risk-service, measured by the caller
 * over loopback HTTP/1.1 with keep-alive. Each request carries a customer (one of 2,000), a device
 * and an IP, so the default rules run every check: block list, limits, three velocity windows in
 * one Redis call, the anomaly history read, and the stored assessment.
 *
 * java AssessmentLatency.java <baseUrl> [warmup=5000] [requests=20000] [clients=1]
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
        for (Future<long[]> f : parts) {
            long[] part = f.get();
            System.arraycopy(part, 0, all, k, part.length);
            k += part.length;
        }
        pool.shutdown();
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
                .header("PayCloud-Identity", TOKEN)
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
     * Signed as payment-service would sign its call: the service started by run.sh runs the embedded
     * profile, whose published development key this is (or the key in PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY).
     */
    static final String TOKEN = token();

    static String token() {
        String key = System.getenv().getOrDefault("PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY",
                "MC4CAQAwBQYDK2VwBCIEIOp7YGFkAh6BbR42S+Q0BvIv64Yr3wFWfuHHbjHdo5Ep");
        try {
            long now = System.currentTimeMillis() / 1000;
            byte[] claims = ("v1|SERVICE|bench|" + now + "|" + (now + 3600)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initSign(java.security.KeyFactory.getInstance("Ed25519").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(key))));
            s.update(claims);
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString(claims) + "." + b64.encodeToString(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

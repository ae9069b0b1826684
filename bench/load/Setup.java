import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the benchmark's world through the gateway, as a merchant integration would: merchants (an
 * administrator), customers (each merchant's secret key), a large deposit into every wallet (treasury), and
 * one payment for the gateway-overhead GET. It signs in as the platform's first administrator: an access
 * token from the issuer through the gateway ({@code POST /oauth2/token}, client credentials with the
 * bootstrap secret), the roles it needs granted to itself while it is the only administrator (the grants
 * then apply at once), then a fresh token, which carries them; renewed when five minutes old (it lives
 * ten). The deposits are above the four-eyes threshold's default, which bench/run raises for its platform. The risk rules' velocity thresholds are raised (the velocity windows are still
 * counted in Redis on every payment): a few hundred synthetic customers pay far more often than real ones,
 * and the default "more than 10 payments per customer per minute" would send almost every payment to review.
 * <pre>
 *   java Setup.java &lt;gateway&gt; &lt;admin username&gt; &lt;admin secret&gt; &lt;merchants&gt; &lt;customers per merchant&gt; &lt;out dir&gt;
 * </pre>
 * Writes {@code payers.txt} ({@code <secret key> <customer> <amount> <client ip>} per line) and
 * {@code get.env} (the payment, merchant and key for the GET) into the out dir.
 */
public class Setup {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static String gateway;
    static String adminUser;
    static String adminSecret;
    static volatile String ops;
    static volatile long opsIssuedAt;

    record Merchant(String id, String key) {
    }

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        adminUser = args[1];
        adminSecret = args[2];
        signIn();
        int merchants = Integer.parseInt(args[3]);
        int perMerchant = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        String run = Long.toString(System.currentTimeMillis(), 36);
        long t0 = System.nanoTime();

        raiseVelocityThresholds();

        List<Merchant> ms = new ArrayList<>();
        for (int m = 0; m < merchants; m++) {
            String json = send("POST", "/v1/merchants", ops(), null, "{\"name\":\"bench merchant " + m + "\"}", 201);
            ms.add(new Merchant(field(json, "id"), field(json, "secretKey")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> lines = new ArrayList<>();
        for (int m = 0; m < merchants; m++) {
            for (int c = 0; c < perMerchant; c++) {
                Merchant merchant = ms.get(m);
                int n = m * perMerchant + c;
                lines.add(pool.submit(() -> {
                    String customer = send("POST", "/v1/customers", "Bearer " + merchant.key(), "setup-" + run + "-c" + n,
                            "{\"name\":\"bench customer " + n + "\",\"currency\":\"CNY\"}", 201);
                    send("POST", "/v1/accounts/" + field(customer, "accountId") + "/deposits", ops(), "setup-" + run + "-d" + n,
                            "{\"amount\":10000000000,\"currency\":\"CNY\"}", 201);
                    // a fixed amount per customer (1.00 to 9.99 CNY): the anomaly rule judges a customer's
                    // amounts against their own history, so a steady customer never looks anomalous
                    long amount = 100 + (n * 37L) % 900;
                    String ip = "10." + (n / 65536) % 256 + "." + (n / 256) % 256 + "." + n % 256;
                    return merchant.key() + " " + field(customer, "id") + " " + amount + " " + ip;
                }));
            }
        }
        List<String> payers = new ArrayList<>();
        for (Future<String> f : lines) {
            payers.add(f.get());
        }
        pool.shutdown();
        Files.write(out.resolve("payers.txt"), payers);

        // the GET of the gateway-overhead step reads this payment back. The first payments meet cold services
        // (risk may not answer within its budget, and the payment then waits for review): try a few times
        String[] first = payers.get(0).split(" ");
        String payment = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            payment = send("POST", "/v1/payments", "Bearer " + first[0], "setup-" + run + "-get-" + attempt,
                    "{\"amount\":" + first[2] + ",\"currency\":\"CNY\",\"customer\":\"" + first[1] + "\",\"confirm\":true}", 201);
            if ("succeeded".equals(field(payment, "status"))) {
                break;
            }
            System.out.println("setup: a first payment ended " + field(payment, "status") + "; trying again");
            Thread.sleep(2000);
        }
        if (!"succeeded".equals(field(payment, "status"))) {
            throw new IllegalStateException("five first payments did not succeed; the last: " + payment);
        }
        Files.writeString(out.resolve("get.env"), "GET_PAYMENT=" + field(payment, "id") + "\nGET_MERCHANT=" + ms.get(0).id()
                + "\nGET_KEY=" + first[0] + "\n");
        System.out.printf("setup: %d merchants, %d customers with deposits, velocity thresholds raised, in %.1f s%n",
                merchants, payers.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Every velocity rule keeps its scope and window; its count limit goes to the maximum a rule allows. */
    static void raiseVelocityThresholds() throws Exception {
        String list = send("GET", "/v1/risk/rules?limit=100", ops(), null, null, 200);
        Matcher rule = Pattern.compile("\\{\"id\":\"(rule_[A-Za-z0-9]+)\"[^{}]*?\"type\":\"velocity\"[^{}]*?\"params\":(\\{[^{}]*\\})")
                .matcher(list);
        int raised = 0;
        while (rule.find()) {
            String params = rule.group(2);
            String body = "{\"name\":\"" + field(rule.group(0), "name") + " (raised for the benchmark)\",\"type\":\"velocity\","
                    + "\"action\":\"review\",\"enabled\":true,\"params\":{\"scope\":\"" + field(params, "scope")
                    + "\",\"windowSeconds\":" + number(params, "windowSeconds") + ",\"maxCount\":1000000}}";
            send("PUT", "/v1/risk/rules/" + rule.group(1), ops(), null, body, 200);
            raised++;
        }
        System.out.println("setup: " + raised + " velocity rules raised to 1,000,000 payments per window");
    }

    /**
     * The administrator's first token; then, while it is the only administrator, the roles the set-up
     * needs (risk: the velocity rules; treasury: the deposits), which apply at once (200; a 202 would mean
     * another administrator must approve them: a platform that is not fresh).
     */
    static void signIn() throws Exception {
        ops = "Bearer " + token();
        for (String role : List.of("risk", "treasury")) {
            send("POST", "/v1/operators/" + adminUser + "/roles", ops, null, "{\"role\":\"" + role + "\"}", 200);
        }
        opsIssuedAt = System.nanoTime();
        ops = "Bearer " + token();
    }

    /** The administrator's {@code Authorization}, a fresh token once the last is five minutes old. */
    static synchronized String ops() throws Exception {
        if (System.nanoTime() - opsIssuedAt > TimeUnit.MINUTES.toNanos(5)) {
            opsIssuedAt = System.nanoTime();
            ops = "Bearer " + token();
        }
        return ops;
    }

    /** An access token of the administrator: OAuth 2.0 client credentials at the issuer, through the gateway. */
    static String token() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/oauth2/token")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (adminUser + ":" + adminSecret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return field(r.body(), "access_token");
            }
            // the platform may still be settling (routes, breakers) right after it came up
            if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 10) {
                Thread.sleep(500L * attempt);
                continue;
            }
            throw new IllegalStateException("POST /oauth2/token as " + adminUser + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static String send(String method, String path, String authorization, String idempotencyKey, String body, int expected)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == expected) {
                return r.body();
            }
            // the platform may still be settling (routes, breakers) right after it came up
            if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 10) {
                Thread.sleep(500L * attempt);
                continue;
            }
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}

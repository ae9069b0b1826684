package io.paycloud.gateway.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.gateway.LocalPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Merchants taking payments through the gateway the way a careful integration does: every POST carries
 * an Idempotency-Key, and a call that got no answer (a cut connection, a timeout, a 5xx, a key still in use,
 * a rate limit) is sent again with the same key until it gets one, or the client gives up and never learns
 * the outcome. Payments (automatic and manual capture), captures, cancels and refunds are mixed at random
 * from a seed; what each call answered is kept in a {@link ClientView}.
 */
final class MerchantTraffic {

    record Merchant(String id, String key, String account) {
    }

    /** A payer, with the address and device its merchant reports to risk. */
    record Customer(String id, String wallet, Merchant merchant, String ip, String device) {
    }

    /** A payment the client may act on next: capture or cancel it, or refund what is left. */
    record Open(String id, Merchant merchant, String status, long amount, long refundable) {
    }

    private static final int THINK_MILLIS = Integer.getInteger("paycloud.chaos.think-ms", 100);

    private final LocalPlatform platform;
    private final Random seeds;
    private final List<Merchant> merchants = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();
    private final List<Open> capturable = new ArrayList<>();
    private final List<Open> refundable = new ArrayList<>();
    private final Map<String, String> payments = new ConcurrentHashMap<>();
    private final Map<String, String> refunds = new ConcurrentHashMap<>();
    private final Map<String, Long> deposits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile long giveUpAfterMillis = TestTimes.scaledMillis(90_000);

    MerchantTraffic(LocalPlatform platform, long seed) {
        this.platform = platform;
        this.seeds = new Random(seed);
    }

    /**
     * Merchants with customers whose wallets are funded; a few customers get little, so some payments fail.
     * The deposits are made at once only up to the platform's four-eyes threshold (ChaosIT raises it).
     */
    void setUp(String label, int merchantCount, int customersEach, long deposit) throws Exception {
        for (int m = 0; m < merchantCount; m++) {
            // the administrator's token (every role), renewed by the platform as it ages
            JsonNode body = answer("POST", "/v1/merchants", platform.operatorAuthorization(),
                    "{\"name\":\"" + label + " merchant " + m + "\",\"feeBps\":" + (m * 70) + "}", label + "-m-" + m, 201);
            Merchant merchant = new Merchant(body.path("id").asString(), "Bearer " + body.path("secretKey").asString(),
                    body.path("accounts").path("CNY").asString());
            merchants.add(merchant);
            for (int c = 0; c < customersEach; c++) {
                JsonNode customer = answer("POST", "/v1/customers", merchant.key(),
                        "{\"name\":\"payer " + m + "-" + c + "\",\"currency\":\"CNY\"}", label + "-c-" + m + "-" + c, 201);
                String wallet = customer.path("accountId").asString();
                long amount = c == 0 ? 3_000 : deposit; // the first customer of each merchant runs short
                answer("POST", "/v1/accounts/" + wallet + "/deposits", platform.operatorAuthorization(),
                        "{\"amount\":" + amount + ",\"currency\":\"CNY\"}", label + "-d-" + wallet, 201);
                deposits.put(wallet, amount);
                int n = customers.size();
                customers.add(new Customer(customer.path("id").asString(), wallet, merchant,
                        "10." + (n / 250) + "." + (n % 250) + ".7", "device-" + label + "-" + n));
            }
        }
    }

    List<Merchant> merchants() {
        return merchants;
    }

    List<Customer> customers() {
        return customers;
    }

    ClientView view() {
        return new ClientView(Map.copyOf(payments), Map.copyOf(refunds), Map.copyOf(deposits));
    }

    Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void giveUpAfter(Duration d) {
        giveUpAfterMillis = d.toMillis();
    }

    /** Runs {@code workers} clients while {@code keepGoing} says so, then waits for their last calls. */
    void run(int workers, java.util.function.BooleanSupplier keepGoing) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Random random = new Random(seeds.nextLong());
            running.add(pool.submit(() -> {
                while (keepGoing.getAsBoolean()) {
                    step(random);
                    Thread.sleep(THINK_MILLIS / 2 + random.nextInt(THINK_MILLIS)); // a merchant's own work between calls
                }
                return null;
            }));
        }
        pool.shutdown();
        // the clients run as long as asked; only then does their last call get a bounded time to end
        while (keepGoing.getAsBoolean()) {
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + (giveUpAfterMillis + TestTimes.scaledMillis(120_000)) * 1_000_000;
        for (Future<?> f : running) {
            f.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        }
    }

    private void step(Random random) throws Exception {
        double r = random.nextDouble();
        if (r < 0.45) {
            pay(random, "automatic");
        } else if (r < 0.62) {
            pay(random, "manual");
        } else if (r < 0.72) {
            Open o = take(capturable, random);
            if (o != null && o.status().equals("requires_capture")) {
                capture(o, random);
            } else if (o != null) {
                cancel(o);
            }
        } else if (r < 0.80) {
            Open o = take(capturable, random);
            if (o != null) {
                cancel(o);
            }
        } else {
            Open o = take(refundable, random);
            if (o != null) {
                refund(o, random);
            }
        }
    }

    private void pay(Random random, String captureMethod) throws Exception {
        Customer c = customers.get(random.nextInt(customers.size()));
        long amount = 100 + random.nextInt(2_900);
        String body = "{\"amount\":" + amount + ",\"currency\":\"CNY\",\"customer\":\"" + c.id()
                + "\",\"captureMethod\":\"" + captureMethod + "\",\"confirm\":true}";
        HttpResponse<String> r = call("POST", "/v1/payments", c.merchant().key(), body, "pay", "create",
                Map.of("X-Client-Ip", c.ip(), "X-Device-Id", c.device()));
        if (r == null || r.statusCode() != 201) {
            return;
        }
        record(c.merchant(), LocalPlatform.JSON.readTree(r.body()));
    }

    private void capture(Open o, Random random) throws Exception {
        String body = random.nextBoolean() ? "{}" : "{\"amountToCapture\":" + Math.max(1, o.amount() / 2) + "}";
        HttpResponse<String> r = call("POST", "/v1/payments/" + o.id() + "/capture", o.merchant().key(), body, "cap", "capture");
        settleAnswer(o, r);
    }

    private void cancel(Open o) throws Exception {
        HttpResponse<String> r = call("POST", "/v1/payments/" + o.id() + "/cancel", o.merchant().key(), null, "can", "cancel");
        settleAnswer(o, r);
    }

    private void refund(Open o, Random random) throws Exception {
        long amount = random.nextInt(3) == 0 ? o.refundable() : 1 + random.nextInt((int) Math.min(o.refundable(), Integer.MAX_VALUE - 1));
        String body = "{\"payment\":\"" + o.id() + "\",\"amount\":" + amount + ",\"reason\":\"requested_by_customer\"}";
        HttpResponse<String> r = call("POST", "/v1/refunds", o.merchant().key(), body, "ref", "refund");
        if (r != null && r.statusCode() == 201) {
            JsonNode refund = LocalPlatform.JSON.readTree(r.body());
            String status = refund.path("status").asString();
            refunds.put(refund.path("id").asString(), status);
            count("refund." + status);
            long left = o.refundable() - ("succeeded".equals(status) ? refund.path("amount").asLong() : 0);
            if (left > 0) {
                put(refundable, new Open(o.id(), o.merchant(), "succeeded", o.amount(), left));
            }
        } else if (r != null && r.statusCode() < 500) {
            count("refund.refused." + r.statusCode());
        }
    }

    /** After a capture or cancel: record what it answered; on a refusal, ask the payment what it is now. */
    private void settleAnswer(Open o, HttpResponse<String> r) throws Exception {
        if (r == null) {
            return;
        }
        if (r.statusCode() == 200) {
            record(o.merchant(), LocalPlatform.JSON.readTree(r.body()));
            return;
        }
        count("refused." + r.statusCode());
        HttpResponse<String> now = call("GET", "/v1/payments/" + o.id(), o.merchant().key(), null, null, "get");
        if (now != null && now.statusCode() == 200) {
            record(o.merchant(), LocalPlatform.JSON.readTree(now.body()));
        }
    }

    private void record(Merchant merchant, JsonNode p) {
        String id = p.path("id").asString();
        String status = p.path("status").asString();
        payments.put(id, status);
        count("payment." + status);
        Open open = new Open(id, merchant, status, p.path("amount").asLong(),
                p.path("amountCaptured").asLong() - p.path("amountRefunded").asLong());
        if (status.equals("requires_capture") || status.equals("requires_review")) {
            put(capturable, open);
        } else if (status.equals("succeeded") && open.refundable() > 0) {
            put(refundable, open);
        }
    }

    /**
     * One call, sent again with the same Idempotency-Key until it is answered: 2xx, or a 4xx other than
     * 409 (key in use) and 429 (rate limited). Null when the client gave up without an answer.
     */
    HttpResponse<String> call(String method, String path, String key, String body, String keyPrefix, String op)
            throws InterruptedException {
        return call(method, path, key, body, keyPrefix, op, Map.of());
    }

    HttpResponse<String> call(String method, String path, String key, String body, String keyPrefix, String op,
            Map<String, String> headers) throws InterruptedException {
        String idempotencyKey = keyPrefix == null ? null : keyPrefix + "-" + java.util.UUID.randomUUID();
        long giveUpAt = System.nanoTime() + giveUpAfterMillis * 1_000_000;
        count("op." + op);
        int attempt = 0;
        while (true) {
            String reason;
            try {
                HttpResponse<String> r = platform.send(method, path, key, body, idempotencyKey, headers);
                int s = r.statusCode();
                if (s < 500 && s != 409 && s != 429) {
                    return r;
                }
                reason = "status." + s;
            } catch (IOException e) {
                reason = "io";
            }
            count("retry." + reason);
            if (System.nanoTime() > giveUpAt) {
                count("gave_up." + op);
                return null;
            }
            Thread.sleep(Math.min(2_000, 200L << Math.min(attempt++, 4)));
        }
    }

    /** A call during set-up: retried like any other, and it must end in {@code expected}. */
    private JsonNode answer(String method, String path, String key, String body, String idempotencyKey, int expected)
            throws Exception {
        long giveUpAt = System.nanoTime() + TestTimes.scaled(Duration.ofSeconds(60)).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = platform.send(method, path, key, body, idempotencyKey);
                if (r.statusCode() == expected) {
                    return LocalPlatform.JSON.readTree(r.body());
                }
                if (r.statusCode() < 500 && r.statusCode() != 409 && r.statusCode() != 429 || System.nanoTime() > giveUpAt) {
                    throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
                }
            } catch (IOException e) {
                if (System.nanoTime() > giveUpAt) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
    }

    private void count(String what) {
        counters.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static Open take(List<Open> list, Random random) {
        synchronized (list) {
            return list.isEmpty() ? null : list.remove(random.nextInt(list.size()));
        }
    }

    private static void put(List<Open> list, Open o) {
        synchronized (list) {
            list.add(o);
        }
    }
}

package io.paycloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paycloud.common.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots the whole platform from the packaged jars, one process per service as in production
 * (registry, gateway and the four domain services on free ports), and drives it through the gateway.
 * Databases and Redis come from {@link TestInfrastructure}: the MariaDB/Redis named by the
 * environment in CI (profile {@code mysql}), else H2 files and an embedded Redis (profile {@code embedded}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final Logger log = LoggerFactory.getLogger(PlatformEndToEndIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** service module -> (short route name, database name) */
    private static final Map<String, String[]> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("account-service", new String[] {"account", "accounts"});
        SERVICES.put("risk-service", new String[] {"risk", "risk"});
        SERVICES.put("payment-service", new String[] {"payment", "payments"});
        SERVICES.put("analytics-service", new String[] {"analytics", "analytics"});
    }

    static final String OPS_USER = "ops-e2e";
    static final String OPS_PASSWORD = "e2e-" + java.util.UUID.randomUUID();

    private static Path root;
    private static Path runDir;
    private static final Map<String, Integer> ports = new LinkedHashMap<>();
    private static final Map<String, Process> processes = new LinkedHashMap<>();
    private static String profile;
    /** What the merchant flow made, for the backup test to find again after a restore. */
    private static String flowKey;
    private static final List<String> flowPayments = new ArrayList<>();

    /** Keys made for this run and handed to every process through the environment, as in production. */
    private static final Map<String, String> identityKeys = new LinkedHashMap<>();

    @BeforeAll
    static void bootPlatform() throws Exception {
        root = Path.of(System.getProperty("user.dir")).getParent();
        runDir = root.resolve("gateway-service/target/e2e-run");
        deleteTree(runDir);
        Files.createDirectories(runDir.resolve("logs"));
        profile = System.getenv("PAYCLOUD_TEST_DB_URL") != null ? "mysql" : "embedded";
        for (String who : List.of("GATEWAY", "SERVICE")) {
            java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            identityKeys.put("PAYCLOUD_IDENTITY_" + who + "_PUBLIC_KEY",
                    java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            identityKeys.put("PAYCLOUD_IDENTITY_" + who + "_PRIVATE_KEY",
                    java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        }
        byte[] kyc = new byte[32];
        new java.security.SecureRandom().nextBytes(kyc);
        identityKeys.put("KYC_ENCRYPTION_KEY", java.util.Base64.getEncoder().encodeToString(kyc));
        // a killed build must not leave six JVMs behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
        log.info("[e2e] platform profile: {}", profile);
        for (String m : List.of("registry-service", "gateway-service")) {
            ports.put(m, TestInfrastructure.freePort());
        }
        SERVICES.keySet().forEach(m -> ports.put(m, TestInfrastructure.freePort()));

        long t0 = System.nanoTime();
        start("registry-service");
        awaitHealthy("registry-service", Duration.ofSeconds(90));
        for (String m : SERVICES.keySet()) {
            start(m);
        }
        start("gateway-service");
        for (String m : ports.keySet()) {
            awaitHealthy(m, Duration.ofSeconds(150));
        }
        log.info("[e2e] six services healthy after {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopPlatform() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Order(1)
    void eurekaListsEveryClient() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> apps = get("http://127.0.0.1:" + ports.get("registry-service") + "/eureka/apps",
                    Map.of("Accept", "application/json"));
            JsonNode list = JSON.readTree(apps.body()).path("applications").path("application");
            List<String> names = new ArrayList<>();
            list.forEach(a -> names.add(a.path("name").asString().toLowerCase()));
            assertThat(names).containsExactlyInAnyOrder("gateway-service", "account-service", "risk-service",
                    "payment-service", "analytics-service");
        });
    }

    @Test
    @Order(2)
    void everyServiceIsHealthyThroughTheGateway() {
        for (String[] svc : SERVICES.values()) {
            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> r = gateway("/status/" + svc[0], Map.of("Request-Id", "e2e-" + svc[0]));
                assertThat(r.statusCode()).as(svc[0]).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).path("status").asString()).isEqualTo("UP");
                assertThat(r.headers().firstValue("Request-Id")).contains("e2e-" + svc[0]);
            });
        }
    }

    @Test
    @Order(2)
    void actuatorBeyondHealthAnswersTheOpsLoginOnly() throws Exception {
        for (String module : SERVICES.keySet()) {
            String base = "http://127.0.0.1:" + ports.get(module) + "/actuator";
            assertThat(get(base + "/health/readiness", Map.of()).statusCode()).as(module).isEqualTo(200);
            assertThat(get(base + "/prometheus", Map.of()).statusCode()).as(module).isEqualTo(401);
            assertThat(get(base + "/env", Map.of("Authorization", opsAuthorization())).statusCode()).as(module).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void oneSwaggerUiListsEveryServicesDocumentWithItsAuthSchemes() throws Exception {
        JsonNode config = JSON.readTree(gateway("/v3/api-docs/swagger-config", Map.of()).body());
        assertThat(config.path("urls")).hasSize(4);
        for (JsonNode url : config.path("urls")) {
            HttpResponse<String> doc = gateway(url.path("url").asString(), Map.of());
            assertThat(doc.statusCode()).as(url.toString()).isEqualTo(200);
            JsonNode api = JSON.readTree(doc.body());
            assertThat(api.path("components").path("securitySchemes").has("merchantKey")).isTrue();
            assertThat(api.path("components").path("securitySchemes").has("opsLogin")).isTrue();
            api.path("paths").propertyNames().forEach(path -> assertThat(path).doesNotStartWith("/internal"));
        }
        assertThat(gateway("/swagger-ui.html", Map.of()).statusCode()).isIn(200, 302);
    }

    @Test
    @Order(3)
    void unknownPathIsProblemWithGeneratedRequestId() throws Exception {
        HttpResponse<String> r = gateway("/nowhere", Map.of());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        String id = r.headers().firstValue("Request-Id").orElseThrow();
        assertThat(id).startsWith("req_");
        assertThat(JSON.readTree(r.body()).path("requestId").asString()).isEqualTo(id);
    }

    @Test
    @Order(4)
    void aMerchantTakesAPaymentAndRefundsItThroughTheGateway() throws Exception {
        String ops = opsAuthorization();
        JsonNode merchant = json(send("POST", "/v1/merchants", ops, "{\"name\":\"E2E Tea\",\"feeBps\":100}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        String merchantAccount = merchant.path("accounts").path("CNY").asString();
        JsonNode customer = json(send("POST", "/v1/customers", key, "{\"name\":\"Li Lei\",\"currency\":\"CNY\"}", null), 201);
        String wallet = customer.path("accountId").asString();
        json(send("POST", "/v1/accounts/" + wallet + "/deposits", ops, "{\"amount\":100000,\"currency\":\"CNY\"}", null), 201);

        String body = "{\"amount\":25000,\"currency\":\"CNY\",\"customer\":\"" + customer.path("id").asString()
                + "\",\"confirm\":true}";
        HttpResponse<String> first = send("POST", "/v1/payments", key, body, "e2e-pay-1");
        JsonNode payment = json(first, 201);
        if (payment.path("status").asString().equals("requires_review")) {
            // risk asked for a human look (its rules, or its fallback when it cannot answer): ops approve
            payment = json(send("POST", "/v1/payments/" + payment.path("id").asString() + "/review", ops,
                    "{\"decision\":\"approve\"}", null), 200);
        }
        log.info("[e2e] payment {} is {} (risk: {})", payment.path("id").asString(), payment.path("status").asString(),
                payment.path("riskDecision").asString());
        assertThat(payment.path("status").asString()).isEqualTo("succeeded");
        assertThat(payment.path("fee").asLong()).isEqualTo(250);
        HttpResponse<String> replay = send("POST", "/v1/payments", key, body, "e2e-pay-1");
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(replay, 201).path("id").asString()).isEqualTo(payment.path("id").asString());

        // one W3C trace id, sent with a payment to the gateway, shows up in payment, risk and account logs
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> traced = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports.get("gateway-service") + "/v1/payments"))
                .header("Authorization", key).header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":700,\"currency\":\"CNY\",\"customer\":\""
                        + customer.path("id").asString() + "\",\"confirm\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(traced, 201).path("status").asString()).isIn("succeeded", "requires_review");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String module : List.of("payment-service", "risk-service", "account-service")) {
                assertThat(Files.readString(runDir.resolve("logs").resolve(module + ".log"))).as(module).contains(traceId);
            }
        });
        if (json(traced, 201).path("status").asString().equals("requires_review")) {
            json(send("POST", "/v1/payments/" + json(traced, 201).path("id").asString() + "/cancel", key, null, null), 200);
        }

        flowKey = key;
        flowPayments.add(payment.path("id").asString());
        flowPayments.add(json(traced, 201).path("id").asString());

        JsonNode refund = json(send("POST", "/v1/refunds", key,
                "{\"payment\":\"" + payment.path("id").asString() + "\",\"amount\":5000}", null), 201);
        assertThat(refund.path("status").asString()).isEqualTo("succeeded");

        JsonNode walletNow = json(send("GET", "/v1/accounts/" + wallet, key, null, null), 200);
        long traceCharge = json(send("GET", "/v1/payments/" + json(traced, 201).path("id").asString(), key, null, null), 200)
                .path("amountCaptured").asLong();
        assertThat(walletNow.path("available").asLong()).isEqualTo(100000 - 25000 + 5000 - traceCharge);
        JsonNode merchantNow = json(send("GET", "/v1/accounts/" + merchantAccount, key, null, null), 200);
        long traceFee = traceCharge == 0 ? 0 : 7; // 100 bps of 7.00
        assertThat(merchantNow.path("available").asLong()).isEqualTo(25000 - 250 - 5000 + 50 + traceCharge - traceFee);

        // another merchant's key finds none of these objects, exactly as if they did not exist
        JsonNode other = json(send("POST", "/v1/merchants", ops, "{\"name\":\"Other\"}", null), 201);
        String otherKey = "Bearer " + other.path("secretKey").asString();
        String paymentId = payment.path("id").asString();
        String customerId = customer.path("id").asString();
        String endpointId = json(send("POST", "/v1/webhook-endpoints", key,
                "{\"url\":\"https://93.184.216.34/hooks\",\"enabledEvents\":[\"*\"]}", null), 201).path("id").asString();
        String[][] foreign = {
                {"GET", "/v1/customers/" + customerId, null},
                {"POST", "/v1/customers/" + customerId + "/verification", "{\"fullName\":\"Li Lei\",\"idNumber\":\"11010519491231002X\"}"},
                {"GET", "/v1/accounts/" + wallet, null},
                {"GET", "/v1/accounts/" + wallet + "/transfers", null},
                {"GET", "/v1/accounts/" + merchantAccount, null},
                {"GET", "/v1/payments/" + paymentId, null},
                {"POST", "/v1/payments/" + paymentId + "/confirm", null},
                {"POST", "/v1/payments/" + paymentId + "/capture", null},
                {"POST", "/v1/payments/" + paymentId + "/cancel", null},
                {"GET", "/v1/refunds/" + refund.path("id").asString(), null},
                {"POST", "/v1/refunds", "{\"payment\":\"" + paymentId + "\"}"},
                {"POST", "/v1/payments", "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + customerId + "\"}"},
                {"GET", "/v1/webhook-endpoints/" + endpointId + "/deliveries", null},
                {"DELETE", "/v1/webhook-endpoints/" + endpointId, null}};
        for (String[] call : foreign) {
            HttpResponse<String> r = send(call[0], call[1], otherKey, call[2], null);
            assertThat(r.statusCode()).as(call[0] + " " + call[1] + " -> " + r.body()).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).path("code").asString()).isEqualTo("resource_missing");
        }
        assertThat(json(send("GET", "/v1/payments", otherKey, null, null), 200).path("data")).isEmpty();
        assertThat(json(send("GET", "/v1/events?limit=100", otherKey, null, null), 200).path("data")).isEmpty();
        assertThat(json(send("GET", "/v1/refunds?payment=" + paymentId, otherKey, null, null), 200).path("data")).isEmpty();
        // nothing those calls tried was done
        assertThat(json(send("GET", "/v1/payments/" + paymentId, key, null, null), 200).path("amountRefunded").asLong())
                .isEqualTo(5000);
        assertThat(json(send("GET", "/v1/customers/" + customerId, key, null, null), 200).path("kycLevel").asString())
                .isEqualTo("none");

        // no key, or a wrong one, opens no merchant endpoint; a merchant key opens no ops endpoint
        for (String[] call : foreign) {
            assertThat(send(call[0], call[1], null, call[2], null).statusCode()).as(call[1]).isEqualTo(401);
            assertThat(send(call[0], call[1], "Bearer sk_test_wrong", call[2], null).statusCode()).as(call[1]).isEqualTo(401);
        }
        assertThat(send("POST", "/v1/merchants", key, "{\"name\":\"x\"}", null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/v1/accounts/" + wallet + "/deposits", key, "{\"amount\":1,\"currency\":\"CNY\"}", null)
                .statusCode()).isEqualTo(403);
        assertThat(json(send("GET", "/v1/accounts/" + wallet, key, null, null), 200).path("available").asLong())
                .isEqualTo(100000 - 25000 + 5000 - traceCharge);

        // the ledger balances: asked straight from account-service, signed as a platform service
        String service = io.paycloud.common.identity.IdentityTokens.issue("e2e", io.paycloud.common.identity.Identity.Role.SERVICE,
                Duration.ofMinutes(1), io.paycloud.common.identity.IdentityTokens.privateKey(
                        identityKeys.get("PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY")), java.time.Clock.systemUTC());
        HttpResponse<String> audit = get("http://127.0.0.1:" + ports.get("account-service") + "/internal/audit",
                Map.of(io.paycloud.common.identity.IdentityTokens.HEADER, service));
        assertThat(audit.statusCode()).isEqualTo(200);
        log.info("[e2e] ledger audit: {}", audit.body());
        assertThat(JSON.readTree(audit.body()).path("ok").asBoolean()).as(audit.body()).isTrue();
    }

    @Test
    @Order(5)
    void stoppedServiceAnswers503QuicklyAndRecoversWhenBack() throws Exception {
        Process risk = processes.get("risk-service");
        risk.destroy();
        assertThat(risk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        for (String path : List.of("/status/risk", "/v1/risk/rules")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = gateway(path, Map.of("Authorization", opsAuthorization()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.path("code").asString()).isEqualTo("service_unavailable");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(ms).as("time to answer 503 for " + path).isLessThan(1500);
        }
        // the other services keep answering
        assertThat(gateway("/status/account", Map.of()).statusCode()).isEqualTo(200);

        start("risk-service");
        awaitHealthy("risk-service", Duration.ofSeconds(120));
        long up = System.nanoTime();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(
                () -> assertThat(gateway("/status/risk", Map.of()).statusCode()).isEqualTo(200));
        log.info("[e2e] risk-service routable {} ms after it reported healthy", (System.nanoTime() - up) / 1_000_000);
    }

    @Test
    @Order(6)
    void backupWipeAndRestoreKeepEveryPaymentAndABalancedLedger() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(profile.equals("mysql"), "backups of the mysql profile only");
        assertThat(flowPayments).isNotEmpty();
        Map<String, String> before = new LinkedHashMap<>();
        for (String id : flowPayments) {
            before.put(id, json(send("GET", "/v1/payments/" + id, flowKey, null, null), 200).toString());
        }
        Path backup = runDir.resolve("backup");
        String databases = "pc_test_e2e_payments pc_test_e2e_accounts pc_test_e2e_risk pc_test_e2e_analytics";
        platform("backup", backup.toString(), databases);
        assertThat(backup.resolve("pc_test_e2e_payments.sql")).exists();

        for (String module : List.of("payment-service", "account-service")) {
            processes.get(module).destroy();
            assertThat(processes.get(module).waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        TestInfrastructure.Database admin = TestInfrastructure.database("e2e_admin");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                java.sql.Statement st = c.createStatement()) {
            st.execute("DROP DATABASE pc_test_e2e_payments");
            st.execute("DROP DATABASE pc_test_e2e_accounts");
        }
        platform("restore", backup.toString(), databases);
        start("account-service");
        start("payment-service");
        awaitHealthy("account-service", Duration.ofSeconds(120));
        awaitHealthy("payment-service", Duration.ofSeconds(120));
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Map.Entry<String, String> p : before.entrySet()) {
                assertThat(json(send("GET", "/v1/payments/" + p.getKey(), flowKey, null, null), 200).toString())
                        .isEqualTo(p.getValue());
            }
        });
        String service = io.paycloud.common.identity.IdentityTokens.issue("e2e", io.paycloud.common.identity.Identity.Role.SERVICE,
                Duration.ofMinutes(1), io.paycloud.common.identity.IdentityTokens.privateKey(
                        identityKeys.get("PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY")), java.time.Clock.systemUTC());
        HttpResponse<String> audit = get("http://127.0.0.1:" + ports.get("account-service") + "/internal/audit",
                Map.of(io.paycloud.common.identity.IdentityTokens.HEADER, service));
        assertThat(JSON.readTree(audit.body()).path("ok").asBoolean()).as(audit.body()).isTrue();
    }

    @Test
    @Order(7)
    void twoReplicasShareTheLoadAndLosingOneMidLoadLosesNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(profile.equals("mysql"), "replicas share a MySQL/MariaDB database");
        for (String replica : List.of("payment-service-2", "account-service-2")) {
            ports.put(replica, TestInfrastructure.freePort());
            start(replica);
        }
        awaitHealthy("payment-service-2", Duration.ofSeconds(120));
        awaitHealthy("account-service-2", Duration.ofSeconds(120));
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode apps = JSON.readTree(get("http://127.0.0.1:" + ports.get("registry-service") + "/eureka/apps",
                    Map.of("Accept", "application/json")).body()).path("applications").path("application");
            Map<String, Integer> instances = new LinkedHashMap<>();
            apps.forEach(a -> instances.put(a.path("name").asString().toLowerCase(), a.path("instance").size()));
            assertThat(instances).containsEntry("payment-service", 2).containsEntry("account-service", 2);
        });
        Thread.sleep(5_000); // the gateway's load-balancer cache (4 s) picks the new instances up

        String ops = opsAuthorization();
        JsonNode merchant = json(send("POST", "/v1/merchants", ops, "{\"name\":\"Replica Tea\",\"feeBps\":0}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = json(send("POST", "/v1/customers", key, "{\"name\":\"payer " + i + "\",\"currency\":\"CNY\"}", null), 201);
            json(send("POST", "/v1/accounts/" + c.path("accountId").asString() + "/deposits", ops,
                    "{\"amount\":100000,\"currency\":\"CNY\"}", null), 201);
            customers.add(c.path("id").asString());
        }
        // 32 payments from 4 threads; one payment-service replica is killed -9 a few requests in
        int total = 32;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                if (sent.incrementAndGet() == 8) {
                    processes.get("payment-service-2").destroyForcibly();
                }
                String body = "{\"amount\":" + (100 + n) + ",\"currency\":\"CNY\",\"customer\":\""
                        + customers.get(n % 4) + "\",\"confirm\":true}";
                // a client retries what it could not get an answer for, with the same key
                // (a key whose request died with its instance is in use until its 30 s lease ends)
                for (int attempt = 0; attempt < 60; attempt++) {
                    int status = send("POST", "/v1/payments", key, body, "replica-" + n).statusCode();
                    if (status == 201) {
                        return status;
                    }
                    Thread.sleep(1_000);
                }
                return -1;
            }));
        }
        for (java.util.concurrent.Future<Integer> f : results) {
            assertThat(f.get()).isEqualTo(201);
        }
        pool.shutdown();

        // every payment exists once, none is left half-done, and the money adds up
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode list = json(send("GET", "/v1/payments?limit=100", key, null, null), 200);
            assertThat(list.path("data")).hasSize(total);
            long charged = 0;
            for (JsonNode p : list.path("data")) {
                assertThat(p.path("status").asString()).isIn("succeeded", "requires_review");
                charged += p.path("amountCaptured").asLong();
            }
            long spent = 0;
            for (String c : customers) {
                spent += 100000 - json(send("GET", "/v1/customers/" + c, key, null, null), 200)
                        .path("balance").path("available").asLong();
            }
            assertThat(spent).isEqualTo(charged);
        });
        // both account-service replicas took traffic
        for (String instance : List.of("account-service", "account-service-2")) {
            JsonNode metric = JSON.readTree(get("http://127.0.0.1:" + ports.get(instance) + "/actuator/metrics/http.server.requests",
                    Map.of("Authorization", opsAuthorization())).body());
            assertThat(metric.path("measurements").get(0).path("value").asDouble()).as(instance).isPositive();
        }
    }

    /** Runs bin/platform against the test's own databases, as an operator would against the real ones. */
    private static void platform(String command, String dir, String databases) throws Exception {
        URI db = URI.create(System.getenv("PAYCLOUD_TEST_DB_URL").substring("jdbc:".length()));
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/platform").toString(), command, dir);
        pb.environment().put("PAYCLOUD_DATABASES", databases);
        pb.environment().put("PAYCLOUD_BACKUP_PROFILE", "mysql");
        pb.environment().put("PAYCLOUD_RUN_DIR", runDir.resolve("platform").toString());
        pb.environment().put("DB_HOST", db.getHost());
        pb.environment().put("DB_PORT", String.valueOf(db.getPort() > 0 ? db.getPort() : 3306));
        pb.environment().put("DB_USER", System.getenv().getOrDefault("PAYCLOUD_TEST_DB_USER", "root"));
        pb.environment().put("DB_PASSWORD", System.getenv().getOrDefault("PAYCLOUD_TEST_DB_PASSWORD", ""));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("bin/platform " + command + ": " + out).isZero();
        log.info("[e2e] bin/platform {}: {}", command, out.trim());
    }

    /** Starts an instance: a module's name, or the name of a second replica ({@code payment-service-2}). */
    private static void start(String instance) throws IOException {
        String module = instance.endsWith("-2") ? instance.substring(0, instance.length() - 2) : instance;
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        assertThat(jar).as("packaged jar of " + module + " (run ./mvnw verify from the root)").exists();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                "--spring.profiles.active=" + profile,
                "--server.port=" + ports.get(instance)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("EUREKA_URL", "http://localhost:" + ports.get("registry-service") + "/eureka/");
        env.put("PAYCLOUD_HOME", runDir.toString());
        env.putAll(identityKeys);
        env.put("PAYCLOUD_OPS_USERNAME", OPS_USER);
        env.put("PAYCLOUD_OPS_PASSWORD", OPS_PASSWORD);
        TestInfrastructure.RedisEndpoint redis = TestInfrastructure.redis();
        env.put("PAYCLOUD_EMBEDDED_REDIS_PORT", String.valueOf(redis.port()));
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", String.valueOf(redis.port()));
        if (SERVICES.containsKey(module) && profile.equals("mysql")) {
            TestInfrastructure.Database db = TestInfrastructure.database("e2e_" + SERVICES.get(module)[1]);
            env.put("DB_URL", db.url());
            env.put("DB_USER", db.username());
            env.put("DB_PASSWORD", db.password());
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("logs").resolve(instance + ".log").toFile()));
        processes.put(instance, pb.start());
    }

    private static void awaitHealthy(String module, Duration limit) {
        String url = "http://127.0.0.1:" + ports.get(module) + "/actuator/health";
        try {
            await().ignoreExceptions().atMost(limit).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(processes.get(module).isAlive()).as(module + " is running").isTrue();
                HttpResponse<String> r = get(url, Map.of());
                assertThat(r.statusCode()).isEqualTo(200);
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(module + " did not become healthy; log tail:\n" + tail(module), e);
        }
    }

    private static String opsAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((OPS_USER + ":" + OPS_PASSWORD).getBytes());
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body,
            String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("gateway-service") + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int expected) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + " -> " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> gateway(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        return get("http://127.0.0.1:" + ports.get("gateway-service") + path, headers);
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(String module) {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("logs").resolve(module + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.paycloud.payment.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.paycloud.common.client.ServiceClients;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.identity.TokenMinter;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.payment.support.TestRemoteCalls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger contract against account-service itself: its packaged jar started as a process (the reactor
 * builds account-service before payment-service), called over HTTP by the {@link HttpLedgerClient}
 * payment-service runs in production, with a service identity of its own. Accounts are opened the way
 * the platform opens them: a merchant by ops, a customer wallet by its merchant, money in by an ops
 * deposit. Runs on the MariaDB named by {@code PAYCLOUD_TEST_DB_URL} (profile {@code mysql}, a fresh
 * database), else on H2 files (profile {@code embedded}). Without the jar it fails; it never skips.
 */
class AccountServiceLedgerContractIT extends LedgerContract {

    private static final Logger log = LoggerFactory.getLogger(AccountServiceLedgerContractIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static Process process;
    private static Path runDir;
    private static String base;
    private static int managementPort;
    private static final Map<String, TokenMinter> minters = new HashMap<>();
    private static LedgerClient ledger;
    private static String merchantId;

    @BeforeAll
    static void startAccountService() throws Exception {
        Path module = Path.of(System.getProperty("user.dir"));
        Path jar = module.getParent().resolve("account-service/target/account-service.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: the ledger contract runs against the packaged account-service. Build it first "
                    + "(./mvnw -pl account-service -am package -DskipTests, or verify the whole reactor).");
        }
        runDir = module.resolve("target/ledger-contract-run");
        deleteTree(runDir);
        Files.createDirectories(runDir);

        // identity keys made for this run: account-service trusts them, this test signs with them
        List<String> jwks = new ArrayList<>();
        String accountKey = null;
        for (String service : PlatformServices.ALL) {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(service).generate();
            jwks.add(key.toPublicJWK().toJSONString());
            minters.put(service, new TokenMinter(service, service, key.toECPrivateKey(), Duration.ofSeconds(60),
                    Clock.systemUTC()));
            if (service.equals(PlatformServices.ACCOUNT)) {
                accountKey = Base64.getEncoder().encodeToString(key.toECPrivateKey().getEncoded());
            }
        }
        int port = TestInfrastructure.freePort();
        managementPort = TestInfrastructure.freePort();
        boolean mysql = System.getenv("PAYCLOUD_TEST_DB_URL") != null && !System.getenv("PAYCLOUD_TEST_DB_URL").isBlank();
        String profile = mysql ? "mysql" : "embedded";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--spring.profiles.active=" + profile,
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--eureka.client.enabled=false",
                // holds of a second run out while the test watches
                "--paycloud.ledger.expiry-interval=200ms");
        Map<String, String> env = pb.environment();
        env.put("PAYCLOUD_HOME", runDir.toString());
        env.put("PAYCLOUD_IDENTITY_JWKS", "{\"keys\":[" + String.join(",", jwks) + "]}");
        env.put("PAYCLOUD_IDENTITY_PRIVATE_KEY", accountKey);
        env.put("PAYCLOUD_MONITORING_USERNAME", "monitor-contract");
        env.put("PAYCLOUD_MONITORING_PASSWORD", UUID.randomUUID().toString());
        env.put("PAYCLOUD_REGISTRY_USERNAME", "registry-contract");
        env.put("PAYCLOUD_REGISTRY_PASSWORD", UUID.randomUUID().toString());
        byte[] kyc = new byte[32];
        new SecureRandom().nextBytes(kyc);
        env.put("KYC_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(kyc));
        if (mysql) {
            TestInfrastructure.Database db = TestInfrastructure.database("ledger_contract_accounts");
            env.put("DB_URL", db.url());
            env.put("DB_USER", db.username());
            env.put("DB_PASSWORD", db.password());
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(runDir.resolve("account-service.log").toFile());
        process = pb.start();
        // a killed build must not leave the service running
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        log.info("[ledger-contract] account-service ({} profile) on port {}, log in {}", profile, port, runDir);
        base = "http://127.0.0.1:" + port;
        try {
            await().ignoreExceptions().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(process.isAlive()).as("account-service is running").isTrue();
                assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(200);
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("account-service did not become ready; its log:\n" + tail(), e);
        }

        // as payment-service makes it, addressed to the port instead of the Eureka name, and signed as
        // payment-service; the read timeout is generous, a cold service on a busy machine is not the subject
        RestClient client = ServiceClients.to(RestClient.builder().requestInterceptor((request, body, execution) -> {
            request.getHeaders().setBearerAuth(minters.get(PlatformServices.PAYMENT).forService(PlatformServices.ACCOUNT));
            return execution.execute(request, body);
        }), "127.0.0.1:" + port, Duration.ofSeconds(2), Duration.ofSeconds(10));
        ledger = new HttpLedgerClient(client, TestRemoteCalls.likeProduction());
        merchantId = createMerchant().path("id").asString();
    }

    @AfterAll
    static void stopAccountService() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    protected LedgerClient ledger() {
        return ledger;
    }

    @Override
    protected String wallet(String currency, long balance) {
        JsonNode customer = call("POST", "/v1/customers", merchantToken(),
                "{\"name\":\"Contract customer\",\"currency\":\"" + currency + "\"}", 201);
        String wallet = customer.path("accountId").asString();
        call("POST", "/v1/accounts/" + wallet + "/deposits", opsToken(),
                "{\"amount\":" + balance + ",\"currency\":\"" + currency + "\"}", 201);
        return wallet;
    }

    @Override
    protected String merchantAccount(String currency) {
        return createMerchant().path("accounts").path(currency).asString();
    }

    @Override
    protected Balance balance(String accountId) {
        JsonNode a = call("GET", "/internal/accounts/" + accountId,
                "Bearer " + minters.get(PlatformServices.PAYMENT).forService(PlatformServices.ACCOUNT), null, 200);
        return new Balance(a.path("debitsPending").asLong(), a.path("debitsPosted").asLong(),
                a.path("creditsPending").asLong(), a.path("creditsPosted").asLong());
    }

    private static JsonNode createMerchant() {
        return call("POST", "/v1/merchants", opsToken(), "{\"name\":\"Contract merchant\",\"feeBps\":0}", 201);
    }

    private static String opsToken() {
        return "Bearer " + minters.get(PlatformServices.GATEWAY).token("ops", Identity.Role.OPS, PlatformServices.ACCOUNT);
    }

    private static String merchantToken() {
        return "Bearer " + minters.get(PlatformServices.GATEWAY).token(merchantId, Identity.Role.MERCHANT,
                PlatformServices.ACCOUNT);
    }

    private static JsonNode call(String method, String path, String authorization, String body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("account-service.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

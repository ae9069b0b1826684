package io.paycloud.payment.support;

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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.paycloud.common.client.ServiceClients;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.TokenMinter;
import io.paycloud.common.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another service's packaged jar ({@code <module>/target/<module>.jar}, built by the reactor before
 * payment-service) started as a process for a contract test: Eureka off, identity keys made for this run
 * (the service trusts them, the test signs with them), profile {@code mysql} on a fresh database when
 * {@code PAYCLOUD_TEST_DB_URL} is set, else {@code embedded}. A missing jar or a service that does not
 * become ready fails the test with the service's log; it never skips.
 */
public final class ServiceJar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceJar.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final Path runDir;
    private final Map<String, TokenMinter> minters;
    private final Process process;
    private final int port;

    private ServiceJar(String module, Path runDir, Map<String, TokenMinter> minters, Process process, int port) {
        this.module = module;
        this.runDir = runDir;
        this.minters = minters;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code module} with {@code args} added to its command line and {@code env} to its environment,
     * its database (mysql profile) and its run directory named {@code database}, and waits until it is ready.
     */
    public static ServiceJar start(String module, String database, List<String> args, Map<String, String> env)
            throws IOException, JOSEException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path jar = root.resolve(module + "/target/" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: this contract runs against the packaged " + module + ". Build it first "
                    + "(./mvnw -pl " + module + " -am package -DskipTests, or verify the whole reactor).");
        }
        Path runDir = root.resolve("payment-service/target/contract-run/" + database);
        deleteTree(runDir);
        Files.createDirectories(runDir);

        List<String> jwks = new ArrayList<>();
        Map<String, TokenMinter> minters = new HashMap<>();
        String ownKey = null;
        for (String service : PlatformServices.ALL) {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(service).generate();
            jwks.add(key.toPublicJWK().toJSONString());
            minters.put(service, new TokenMinter(service, service, key.toECPrivateKey(), Duration.ofSeconds(60),
                    Clock.systemUTC()));
            if (service.equals(module)) {
                ownKey = Base64.getEncoder().encodeToString(key.toECPrivateKey().getEncoded());
            }
        }
        int port = TestInfrastructure.freePort();
        int managementPort = TestInfrastructure.freePort();
        String dbUrl = System.getenv("PAYCLOUD_TEST_DB_URL");
        boolean mysql = dbUrl != null && !dbUrl.isBlank();
        String profile = mysql ? "mysql" : "embedded";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--spring.profiles.active=" + profile,
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--eureka.client.enabled=false"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> environment = pb.environment();
        environment.put("PAYCLOUD_HOME", runDir.toString());
        environment.put("PAYCLOUD_IDENTITY_JWKS", "{\"keys\":[" + String.join(",", jwks) + "]}");
        if (ownKey != null) {
            environment.put("PAYCLOUD_IDENTITY_PRIVATE_KEY", ownKey);
        }
        environment.put("PAYCLOUD_MONITORING_USERNAME", "monitor-contract");
        environment.put("PAYCLOUD_MONITORING_PASSWORD", UUID.randomUUID().toString());
        environment.put("PAYCLOUD_REGISTRY_USERNAME", "registry-contract");
        environment.put("PAYCLOUD_REGISTRY_PASSWORD", UUID.randomUUID().toString());
        byte[] kyc = new byte[32];
        new SecureRandom().nextBytes(kyc);
        environment.put("KYC_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(kyc));
        byte[] payments = new byte[32];
        new SecureRandom().nextBytes(payments);
        environment.put("PAYMENT_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(payments));
        if (mysql) {
            TestInfrastructure.Database db = TestInfrastructure.database(database);
            environment.put("DB_URL", db.url());
            environment.put("DB_USER", db.username());
            environment.put("DB_PASSWORD", db.password());
            // Redis as the tests' (REDIS_HOST, REDIS_PORT, and REDIS_TLS with its CA: the mysql profile's
            // data-store TLS is on unless told otherwise)
            environment.putAll(TestInfrastructure.redis().environment());
        }
        environment.putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(runDir.resolve(module + ".log").toFile());
        Process process = pb.start();
        // a killed build must not leave the service running
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        log.info("[contract] {} ({} profile) on port {}, log in {}", module, profile, port, runDir);
        ServiceJar service = new ServiceJar(module, runDir, minters, process, port);
        try {
            await().ignoreExceptions().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(process.isAlive()).as(module + " is running").isTrue();
                assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(200);
            });
        } catch (AssertionError | RuntimeException e) {
            service.close();
            throw new AssertionError(module + " did not become ready; its log:\n" + service.tail(), e);
        }
        return service;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A client as payment-service makes its clients (ServiceClients.to), addressed to the port instead of
     * the Eureka name and signed as {@code caller}; the read timeout is generous, a cold service on a busy
     * machine is not the subject.
     */
    public RestClient client(String caller) {
        return new ServiceClients(RestClient.builder().requestInterceptor((request, body, execution) -> {
            request.getHeaders().setBearerAuth(minters.get(caller).forService(module));
            return execution.execute(request, body);
        }), null).to("127.0.0.1:" + port, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public String serviceToken(String caller) {
        return "Bearer " + minters.get(caller).forService(module);
    }

    /** Ops, as the gateway vouches for them. */
    public String opsToken() {
        // an operator holding every role, as the gateway relays one: the contracts set up with admin,
        // treasury and risk calls
        return "Bearer " + minters.get(PlatformServices.GATEWAY).operator("ops", java.util.EnumSet.allOf(OperatorRole.class), module);
    }

    /** A merchant, as the gateway vouches for it. */
    public String merchantToken(String merchantId) {
        return "Bearer " + minters.get(PlatformServices.GATEWAY).token(merchantId, Identity.Role.MERCHANT, module);
    }

    /** A call that must answer {@code expected}; its body as JSON. */
    public JsonNode call(String method, String path, String authorization, String body, int expected) {
        HttpResponse<String> r = send(method, path, authorization, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    public HttpResponse<String> send(String method, String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve(module + ".log"));
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

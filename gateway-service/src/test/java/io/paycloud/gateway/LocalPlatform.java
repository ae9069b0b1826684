package io.paycloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.FileSystemResource;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.identity.TokenMinter;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.gateway.contract.ApiContract;
import io.paycloud.gateway.contract.MerchantApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform on this machine for a test: the packaged jars started as processes, one per
 * service as in production (registry, gateway and the four domain services on free ports), with
 * identity keys, a KYC key, the first administrator's secret and the registry's credentials made for
 * the run and handed over through the environment. Operators sign in as in production: an access token
 * from the issuer in account-service, asked for through the gateway ({@link #operatorAuthorization()},
 * {@link #createOperator}). Databases and Redis come from {@link TestInfrastructure}: the MariaDB/Redis
 * named by the environment (profile {@code mysql}), else H2 files and an embedded Redis (profile
 * {@code embedded}).
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
    public static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Every call of the tests: HTTPS, trusting the platform's CA only, and presenting a certificate of
     * it (the gateway's) so that a call straight to a service's port meets that service's own checks.
     */
    public static final HttpClient HTTP = PlatformCertificates.client("gateway-service");

    /** service module -> (short route name, database name) */
    public static final Map<String, String[]> SERVICES = new LinkedHashMap<>();
    private volatile ApiContract contract;

    static {
        SERVICES.put("account-service", new String[] {"account", "accounts"});
        SERVICES.put("risk-service", new String[] {"risk", "risk"});
        SERVICES.put("payment-service", new String[] {"payment", "payments"});
        SERVICES.put("analytics-service", new String[] {"analytics", "analytics"});
    }

    public final String name;
    public final Path root;
    public final Path runDir;
    public final String profile;
    /** The registry's console login (registry-service only: the gateway has no shared ops login any more). */
    /** The first administrator, made by account-service at its first start from this secret. */
    public static final String ADMIN = "admin";
    private final String bootstrapSecret = newSecret();
    final String monitoringPassword = "mon-" + UUID.randomUUID();
    final String registryPassword = "reg-" + UUID.randomUUID();
    private final Map<String, String> privateKeys = new ConcurrentHashMap<>();
    private final Map<String, Integer> managementPorts = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    /** The gateway's plain-HTTP port (it serves HTTPS on its {@link #port}). */
    private final int plainHttpPort = TestInfrastructure.freePort();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> extraArgs = new ConcurrentHashMap<>();
    private final Map<String, List<String>> scaledTimeouts = new ConcurrentHashMap<>();
    private final Map<String, Path> extraClassPath = new ConcurrentHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private volatile TestInfrastructure.RedisEndpoint redis;
    /** The administrator's cached {@code Authorization} value, and when its token was issued. */
    private volatile String adminAuthorization;
    private volatile long adminTokenAt;

    /** A platform whose files live in {@code gateway-service/target/<name>-run} and databases are {@code pc_test_<name>_*}. */
    public LocalPlatform(String name) throws Exception {
        this.name = name;
        root = Path.of(System.getProperty("user.dir")).getParent();
        runDir = root.resolve("gateway-service/target/" + name + "-run");
        deleteTree(runDir);
        Files.createDirectories(runDir.resolve("logs"));
        profile = System.getenv("PAYCLOUD_TEST_DB_URL") != null ? "mysql" : "embedded";
        // a key pair per service, made for this run; every process gets the public keys and its own private key
        List<String> jwks = new ArrayList<>();
        for (String service : PlatformServices.ALL) {
            com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                    .keyID(service).generate();
            jwks.add(key.toPublicJWK().toJSONString());
            privateKeys.put(service, Base64.getEncoder().encodeToString(key.toECPrivateKey().getEncoded()));
        }
        environment.put("PAYCLOUD_IDENTITY_JWKS", "{\"keys\":[" + String.join(",", jwks) + "]}");
        environment.put("PAYCLOUD_MONITORING_USERNAME", "monitor-" + name);
        environment.put("PAYCLOUD_MONITORING_PASSWORD", monitoringPassword);
        environment.put("PAYCLOUD_REGISTRY_USERNAME", "registry-" + name);
        environment.put("PAYCLOUD_REGISTRY_PASSWORD", registryPassword);
        // the tests send refused requests on purpose, all from 127.0.0.1; AuthThrottleTest covers the throttle
        environment.put("PAYCLOUD_AUTH_FAILURES_PER_ADDRESS", "1000000");
        environment.put("PAYCLOUD_AUTH_FAILURES_PER_ACCOUNT", "1000000");
        environment.put("PAYCLOUD_ANONYMOUS_PER_MINUTE", "1000000");
        byte[] kyc = new byte[32];
        new SecureRandom().nextBytes(kyc);
        environment.put("KYC_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(kyc));
        byte[] payments = new byte[32];
        new SecureRandom().nextBytes(payments);
        environment.put("PAYMENT_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(payments));
        redis = TestInfrastructure.redis();
        // a killed build must not leave JVMs behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
        for (String m : List.of("registry-service", "gateway-service")) {
            addInstance(m);
        }
        SERVICES.keySet().forEach(this::addInstance);
        // the gateway's public URL, which the operators' tokens carry as their issuer: the gateway and
        // account-service must both be given it
        environment.put("PAYCLOUD_OPERATORS_ISSUER", gatewayUrl());
        // the console's sign-in callback, which the issuer (account-service) sends codes to only
        environment.put("PAYCLOUD_OPERATORS_CONSOLE_REDIRECT_URI", "https://localhost:" + ports.get("registry-service")
                + "/login/oauth2/code/paycloud");
        log.info("[{}] platform profile: {}", name, profile);
    }

    /** An environment variable for every process started from now on (a test's own setting). */
    public void environment(String variable, String value) {
        environment.put(variable, value);
    }

    /** Points every process started from now on at another Redis, a plain one (no TLS). */
    public void useRedis(String host, int port) {
        this.redis = new TestInfrastructure.RedisEndpoint(host, port, "plain, the test's own");
    }

    /**
     * Arguments added to an instance's command line whenever it is started, with its scaled timeouts
     * except those the arguments set themselves (Spring would join two values of one option with a comma).
     */
    public void arguments(String instance, String... args) {
        List<String> all = new ArrayList<>();
        for (String timeout : scaledTimeouts(instance)) {
            String option = timeout.substring(0, timeout.indexOf('=') + 1);
            if (Stream.of(args).noneMatch(a -> a.startsWith(option))) {
                all.add(timeout);
            }
        }
        all.addAll(List.of(args));
        extraArgs.put(instance, List.copyOf(all));
    }

    /**
     * The production timeouts whose expiry changes a payment's outcome, scaled to this machine
     * ({@link TestTimes}) for the test's processes only: risk-service answering past payment-service's
     * read timeout (800 ms) sends the payment to review; Redis past risk-service's timeout (250 ms)
     * does the same. The values are read from each module's application.yml, so production's
     * defaults stay the one source.
     */
    private List<String> scaledTimeouts(String instance) {
        String module = instance.endsWith("-2") ? instance.substring(0, instance.length() - 2) : instance;
        return scaledTimeouts.computeIfAbsent(module, m -> switch (m) {
            case "payment-service" -> List.of(scaledDuration(m, "paycloud.clients.read-timeout.risk"));
            case "risk-service" -> List.of(scaledDuration(m, "risk.redis-command-timeout"));
            default -> List.of();
        });
    }

    /** {@code --property=value} with a duration of a module's application.yml (placeholders at their defaults), scaled. */
    private String scaledDuration(String module, String property) {
        try {
            MutablePropertySources sources = new MutablePropertySources();
            sources.addFirst(new YamlPropertySourceLoader().load(module,
                    new FileSystemResource(root.resolve(module).resolve("src/main/resources/application.yml"))).get(0));
            String production = new PropertySourcesPropertyResolver(sources).getRequiredProperty(property);
            return "--" + property + "=" + TestTimes.property(DurationStyle.detectAndParse(production));
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + module + "'s application.yml", e);
        }
    }

    /**
     * A directory of classes added to an instance's class path whenever it is started (Spring Boot's
     * {@code PropertiesLauncher} with {@code loader.path}): how a test brings its own beans into a
     * packaged service without a switch in the service's code.
     */
    public void classPath(String instance, Path directory) {
        extraClassPath.put(instance, directory);
    }

    /** Starts the registry, the four services and the gateway, and waits until every one is healthy. */
    public void boot() {
        List<String> modules = new ArrayList<>(List.of("registry-service", "gateway-service"));
        modules.addAll(SERVICES.keySet());
        ClassDataArchives.ensure(root, modules);
        long t0 = System.nanoTime();
        start("registry-service");
        awaitHealthy("registry-service", TestTimes.scaled(Duration.ofSeconds(90)));
        for (String m : SERVICES.keySet()) {
            start(m);
        }
        start("gateway-service");
        for (String m : List.copyOf(ports.keySet())) {
            awaitHealthy(m, TestTimes.scaled(Duration.ofSeconds(240))); // six JVMs starting at once on two cores
        }
        log.info("[{}] six services healthy after {} ms", name, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An instance's port: HTTPS, mutual TLS for the services and the registry. */
    public int port(String instance) {
        return ports.get(instance);
    }

    /** The gateway's plain-HTTP port: the API on the embedded profile, a redirect to HTTPS on the others. */
    public int plainHttpPort() {
        return plainHttpPort;
    }

    /** The gateway's public URL, {@code https://localhost:<port>}: the operators' issuer too. */
    public String gatewayUrl() {
        return "https://localhost:" + ports.get("gateway-service");
    }

    /** Gives a new instance (a second replica, {@code payment-service-2}) a port. */
    public void addInstance(String instance) {
        ports.put(instance, TestInfrastructure.freePort());
        managementPorts.put(instance, TestInfrastructure.freePort());
        extraArgs.put(instance, scaledTimeouts(instance));
    }

    /** The management (actuator) port of an instance. */
    public int managementPort(String instance) {
        return managementPorts.get(instance);
    }

    public Process process(String instance) {
        return processes.get(instance);
    }

    public Map<String, String> identityKeys() {
        return environment;
    }

    /** Starts an instance: a module's name, or the name of a second replica ({@code payment-service-2}). */
    public void start(String instance) {
        String module = instance.endsWith("-2") ? instance.substring(0, instance.length() - 2) : instance;
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        assertThat(jar).as("packaged jar of " + module + " (run ./mvnw verify from the root)").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ClassDataArchives.JAVA_OPTS);
        if (extraClassPath.containsKey(instance)) {
            cmd.addAll(List.of("-cp", jar.toString(), "-Dloader.path=" + extraClassPath.get(instance),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            // the extracted jar with bin/platform's class data archive where there is one
            cmd.addAll(ClassDataArchives.launch(root, module));
        }
        cmd.addAll(List.of(
                "--spring.profiles.active=" + profile + ",tls",
                "--server.port=" + ports.get(instance),
                "--management.server.port=" + managementPorts.get(instance)));
        if (module.equals("gateway-service")) {
            cmd.add("--paycloud.edge.plain-http.port=" + plainHttpPort);
        }
        cmd.addAll(extraArgs.getOrDefault(instance, List.of()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("PAYCLOUD_TLS_DIR", PlatformCertificates.DIR.toString());
        env.put("EUREKA_URL", "https://registry-" + name + ":" + registryPassword + "@localhost:" + ports.get("registry-service")
                + "/eureka/");
        env.put("PAYCLOUD_HOME", runDir.toString());
        env.putAll(environment);
        if (privateKeys.containsKey(module)) {
            env.put("PAYCLOUD_IDENTITY_PRIVATE_KEY", privateKeys.get(module));
        }
        if (module.equals("account-service")) {
            // the first administrator, made when there is no operator (every replica may try; one wins)
            env.put("PAYCLOUD_OPERATORS_BOOTSTRAP_USERNAME", ADMIN);
            env.put("PAYCLOUD_OPERATORS_BOOTSTRAP_SECRET", bootstrapSecret);
        }
        env.put("PAYCLOUD_EMBEDDED_REDIS_PORT", String.valueOf(redis.port()));
        // REDIS_HOST, REDIS_PORT and REDIS_TLS (the mysql profile's data-store TLS is on unless told otherwise)
        env.putAll(redis.environment());
        if (SERVICES.containsKey(module) && profile.equals("mysql")) {
            TestInfrastructure.Database db = database(module);
            env.put("DB_URL", db.url());
            env.put("DB_USER", db.username());
            env.put("DB_PASSWORD", db.password());
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("logs").resolve(instance + ".log").toFile()));
        try {
            processes.put(instance, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + instance, e);
        }
    }

    /** The database of a service module in the mysql profile ({@code pc_test_<name>_<db>}). */
    public TestInfrastructure.Database database(String module) {
        return TestInfrastructure.database(name + "_" + SERVICES.get(module)[1]);
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill(String instance) throws InterruptedException {
        Process p = processes.get(instance);
        p.destroyForcibly();
        assertThat(p.waitFor(TestTimes.scaledMillis(20_000), TimeUnit.MILLISECONDS)).as(instance + " killed").isTrue();
    }

    /** SIGTERM: a graceful shutdown. */
    public void stop(String instance) throws InterruptedException {
        Process p = processes.get(instance);
        p.destroy();
        assertThat(p.waitFor(TestTimes.scaledMillis(30_000), TimeUnit.MILLISECONDS)).as(instance + " stopped").isTrue();
    }

    public void awaitHealthy(String instance, Duration limit) {
        String url = "https://localhost:" + managementPorts.get(instance) + "/actuator/health";
        try {
            await().ignoreExceptions().atMost(limit).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(processes.get(instance).isAlive()).as(instance + " is running").isTrue();
                assertThat(get(url, Map.of()).statusCode()).isEqualTo(200);
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(instance + " did not become healthy; log tail:\n" + tail(instance), e);
        }
    }

    /**
     * {@code Bearer <access token>} of the first administrator, who holds every role: on first use the
     * administrator signs in with the bootstrap secret and, alone as administrator (the bootstrap rule),
     * grants themself the other roles at once; then a fresh token is taken, since a token carries the
     * roles its operator had when it was issued. The token is kept and renewed when older than five
     * minutes (it lives ten).
     */
    public synchronized String operatorAuthorization() throws IOException, InterruptedException {
        if (adminAuthorization == null) {
            String first = "Bearer " + accessToken(ADMIN, bootstrapSecret);
            for (OperatorRole role : OperatorRole.values()) {
                HttpResponse<String> r = send("POST", "/v1/operators/" + ADMIN + "/roles", first,
                        "{\"role\":\"" + role.wire() + "\"}", null);
                // 200: applied at once while the administrator is the only one; 202 would mean another admin exists
                assertThat(r.statusCode()).as("granting %s to %s: %s", role.wire(), ADMIN, r.body()).isEqualTo(200);
            }
        } else if (System.nanoTime() - adminTokenAt < TimeUnit.MINUTES.toNanos(5)) {
            return adminAuthorization;
        }
        long issued = System.nanoTime();
        adminAuthorization = "Bearer " + accessToken(ADMIN, bootstrapSecret);
        adminTokenAt = issued;
        return adminAuthorization;
    }

    /** An operator made by the administrator: its username and its secret (shown once, when it was made). */
    public record Operator(String username, String secret) {
    }

    /**
     * Makes operator {@code username} and grants it {@code roles} while the administrator is the only
     * one (each grant then applies at once; with two administrators a grant waits for approval, which a
     * test of that drives itself).
     */
    public Operator createOperator(String username, OperatorRole... roles)
            throws IOException, InterruptedException {
        String admin = operatorAuthorization();
        JsonNode created = json(send("POST", "/v1/operators", admin, "{\"username\":\"" + username + "\"}", null), 201);
        for (OperatorRole role : roles) {
            json(send("POST", "/v1/operators/" + username + "/roles", admin, "{\"role\":\"" + role.wire() + "\"}", null), 200);
        }
        return new Operator(username, created.path("secret").asString());
    }

    /** {@code Bearer <a fresh access token>} of {@code operator}, with the roles it holds now. */
    public String authorization(Operator operator) throws IOException, InterruptedException {
        return "Bearer " + accessToken(operator.username(), operator.secret());
    }

    /**
     * An access token from the operators' issuer (account-service), asked for through the gateway as a
     * script would: OAuth 2.0 client credentials, the operator's username and secret as HTTP Basic client
     * authentication. Retried while the issuer is unreachable (503: account-service restarting).
     */
    public String accessToken(String username, String secret) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TestTimes.scaled(Duration.ofSeconds(60)).toNanos();
        while (true) {
            HttpResponse<String> r = tokenRequest(username, secret);
            if (r != null && r.statusCode() == 200) {
                JsonNode token = JSON.readTree(r.body());
                assertThat(token.path("token_type").asString()).as(r.body()).isEqualToIgnoringCase("Bearer");
                return token.path("access_token").asString();
            }
            if ((r != null && r.statusCode() != 502 && r.statusCode() != 503 && r.statusCode() != 504)
                    || System.nanoTime() > deadline) {
                throw new AssertionError("no access token for " + username + ": "
                        + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
            }
            Thread.sleep(500);
        }
    }

    /** {@code POST /oauth2/token} through the gateway; null when no answer came. */
    public HttpResponse<String> tokenRequest(String username, String secret) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl() + "/oauth2/token"))
                .timeout(TestTimes.scaled(Duration.ofSeconds(20)))
                .header("Authorization", basic(username, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code Basic …} of a username and password. */
    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An operator's secret as account-service makes them: {@code opsk_} and 32 random bytes, base64url. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "opsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The first administrator's own secret as HTTP Basic: good at the token endpoint only. */
    public String adminSecretAsBasic() {
        return basic(ADMIN, bootstrapSecret);
    }

    /** The monitoring credential (actuator on the management ports, Prometheus, the admin console). */
    public String monitoringAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("monitor-" + name + ":" + monitoringPassword).getBytes());
    }

    /** The registry credential (Eureka's REST API). */
    public String registryAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("registry-" + name + ":" + registryPassword).getBytes());
    }

    /** {@code caller}'s identity for a call straight to an {@code /internal} endpoint of {@code audience}. */
    public String serviceToken(String caller, String audience) {
        return "Bearer " + new TokenMinter(caller, caller, PlatformKeys.privateKey(privateKeys.get(caller)), Duration.ofSeconds(60),
                Clock.systemUTC()).forService(audience);
    }

    /** A GET straight to an instance's management port. */
    public HttpResponse<String> actuator(String instance, String path) throws IOException, InterruptedException {
        return get("https://localhost:" + managementPorts.get(instance) + path, Map.of("Authorization", monitoringAuthorization()));
    }

    /** A call through the gateway. */
    public HttpResponse<String> send(String method, String path, String authorization, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        return send(method, path, authorization, body, idempotencyKey, Map.of());
    }

    /** A call through the gateway with headers of its own. */
    public HttpResponse<String> send(String method, String path, String authorization, String body, String idempotencyKey,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl() + path))
                .timeout(TestTimes.scaled(Duration.ofSeconds(20)))
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
        headers.forEach(b::header);
        return checked(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Holds every answer of {@link #send} and of the {@link #merchant} clients to the documents from now on
     * (answers outside {@code /v1} are not the merchant contract).
     */
    public void holdTo(ApiContract contract) {
        this.contract = contract;
    }

    /** The generated clients as a merchant with this secret key ({@code Bearer sk_...}) uses them. */
    public MerchantApi merchant(String authorization) {
        return new MerchantApi(HTTP, gatewayUrl(), authorization,
                java.util.Objects.requireNonNull(contract, "holdTo(contract) first"), TestTimes.scaled(Duration.ofSeconds(20)));
    }

    private HttpResponse<String> checked(HttpResponse<String> response) {
        ApiContract held = contract;
        if (held != null) {
            held.check(response.request().method(), response.request().uri(), response.statusCode(),
                    response.headers().firstValue("Content-Type"), response.body());
        }
        return response;
    }

    public static JsonNode json(HttpResponse<String> r, int expected) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + " -> " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    public HttpResponse<String> gateway(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return checked(get(gatewayUrl() + path, headers));
    }

    /** A GET straight to an instance, as a process of the platform (mutual TLS with the gateway's certificate). */
    public HttpResponse<String> direct(String instance, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        return get("https://localhost:" + ports.get(instance) + path, headers);
    }

    public static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TestTimes.scaled(Duration.ofSeconds(10))).GET();
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String tail(String instance) {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("logs").resolve(instance + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

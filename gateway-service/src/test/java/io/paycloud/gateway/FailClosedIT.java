package io.paycloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.paycloud.common.testsupport.TestTimes;

/**
 * A packaged service started with no profile and no secrets in its environment refuses to start and
 * says which setting is missing: there is no default profile, and the published development keys and
 * passwords belong to the {@code embedded} and {@code test} profiles only. The first administrator's
 * secret is the exception, and fails closed differently: account-service starts without it (every
 * replica after the first start has operators already), makes no operator, says so, and the issuer
 * gives nobody a token.
 */
class FailClosedIT {

    private static final List<String> MODULES = List.of("registry-service", "account-service", "risk-service",
            "payment-service", "analytics-service", "gateway-service");

    @Test
    void aServiceWithoutAProfileOrSecretsRefusesToStartAndNamesWhatIsMissing() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path logs = root.resolve("gateway-service/target/fail-closed");
        Files.createDirectories(logs);
        List<Process> processes = new ArrayList<>();
        for (String module : MODULES) {
            Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
            assertThat(jar).as("packaged jar of " + module).exists();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0",
                    "--management.server.port=0", "--spring.main.banner-mode=off");
            // nothing from this machine's environment: no profile, no key, no password
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME") && !name.equals("LANG"));
            env.put("PAYCLOUD_HOME", logs.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(logs.resolve(module + ".log").toFile());
            processes.add(pb.start());
        }
        for (int i = 0; i < MODULES.size(); i++) {
            Process p = processes.get(i);
            String module = MODULES.get(i);
            boolean exited = p.waitFor(TestTimes.scaledMillis(180_000), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String log = Files.readString(logs.resolve(module + ".log"));
            assertThat(exited).as(module + " still running without a profile:\n" + tail(log)).isTrue();
            assertThat(p.exitValue()).as(module).isNotZero();
            assertThat(log).as(module).doesNotContain("Started ");
            List<String> missing = new ArrayList<>(List.of("No profile is active", "PAYCLOUD_IDENTITY_JWKS",
                    "PAYCLOUD_REGISTRY_USERNAME", "PAYCLOUD_MONITORING_USERNAME", "paycloud.registry.username",
                    "paycloud.monitoring.username", "KYC_ENCRYPTION_KEY", "PAYMENT_ENCRYPTION_KEY"));
            assertThat(log).as(module + " names what is missing:\n" + tail(log)).containsAnyOf(missing.toArray(String[]::new));
        }
    }

    @Test
    void accountServiceWithoutTheBootstrapSecretStartsButNobodyCanSignIn() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path home = root.resolve("gateway-service/target/fail-closed-bootstrap");
        LocalPlatform.deleteTree(home);
        Files.createDirectories(home);
        Path jar = root.resolve("account-service/target/account-service.jar");
        assertThat(jar).as("packaged jar of account-service").exists();
        int port = io.paycloud.common.testsupport.TestInfrastructure.freePort();
        // the embedded profile's development keys, an H2 file of its own, no registry; no PAYCLOUD_OPERATORS_*
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--spring.profiles.active=embedded",
                "--server.port=" + port, "--management.server.port=" + io.paycloud.common.testsupport.TestInfrastructure.freePort(),
                "--eureka.client.enabled=false", "--spring.main.banner-mode=off");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME") && !name.equals("LANG"));
        env.put("PAYCLOUD_HOME", home.toString());
        env.put("PAYCLOUD_EMBEDDED_REDIS_PORT", String.valueOf(io.paycloud.common.testsupport.TestInfrastructure.freePort()));
        pb.redirectErrorStream(true);
        Path logFile = home.resolve("account-service.log");
        pb.redirectOutput(logFile.toFile());
        Process p = pb.start();
        try {
            java.net.http.HttpRequest token = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                    .header("Authorization", LocalPlatform.basic("admin", "opsk_anything"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
            // it starts, and says at the end of its start (an application runner) that it made no operator
            org.awaitility.Awaitility.await().atMost(TestTimes.scaled(java.time.Duration.ofSeconds(180)))
                    .pollInterval(java.time.Duration.ofSeconds(1)).untilAsserted(() -> {
                        String log = Files.readString(logFile);
                        assertThat(p.isAlive()).as("account-service is running:\n" + tail(log)).isTrue();
                        assertThat(log).contains("nobody can sign in as an operator");
                    });
            assertThat(Files.readString(logFile)).contains("PAYCLOUD_OPERATORS_BOOTSTRAP_SECRET")
                    .doesNotContain("Created the first administrator");
            // and the issuer gives no token: there is no operator to be
            java.net.http.HttpResponse<String> answer = LocalPlatform.HTTP.send(token, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
    }
}

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
 * passwords belong to the {@code embedded} and {@code test} profiles only.
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
            assertThat(log).as(module + " names what is missing:\n" + tail(log)).containsAnyOf("No profile is active", "PAYCLOUD_IDENTITY_JWKS",
                    "PAYCLOUD_REGISTRY_USERNAME", "PAYCLOUD_MONITORING_USERNAME", "PAYCLOUD_OPS_USERNAME",
                    "paycloud.registry.username", "paycloud.monitoring.username", "KYC_ENCRYPTION_KEY");
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
    }
}

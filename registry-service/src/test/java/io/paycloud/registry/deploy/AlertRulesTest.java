package io.paycloud.registry.deploy;

import static io.paycloud.registry.deploy.Kustomize.list;
import static io.paycloud.registry.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus alert rules in k8s/monitoring: Prometheus' own {@code promtool} checks the rule file
 * and runs its unit tests (paycloud-alerts.test.yml) when it is installed (Debian's {@code prometheus}
 * package; the tests that need it are skipped, and say so, without it). The rest reads the files as
 * YAML: the alerts the platform needs exist, each has a duration, a severity and templated
 * annotations, each has a unit test where it fires and one where it must not, the docs list them,
 * and both overlays ship them as the ConfigMap {@code paycloud-alerts}.
 */
class AlertRulesTest {

    private static final Logger log = LoggerFactory.getLogger(AlertRulesTest.class);

    static final Path ROOT = DeploymentManifestsTest.repositoryRoot();
    static final Path RULES = ROOT.resolve("k8s/monitoring/paycloud-alerts.yml");
    static final Path RULE_TESTS = ROOT.resolve("k8s/monitoring/paycloud-alerts.test.yml");

    /** What the platform must alert on (docs/deploy.md, "Monitoring"). */
    static final List<String> REQUIRED = List.of("PayCloudCircuitBreakerOpen", "PayCloudWebhookBacklogGrowing",
            "PayCloudAnalyticsFeedLag", "PayCloudPaymentFailureRateHigh", "PayCloudLedgerAuditFailing",
            "PayCloudServiceDown", "PayCloudAuditChainBroken", "PayCloudAuditChainUnverified", "PayCloudBackupFailed",
            "PayCloudBackupStale");

    @Nested
    class WithPromtool {

        @BeforeEach
        void promtoolIsInstalled() {
            Assumptions.assumeTrue(promtoolAvailable(),
                    "promtool is not installed (Debian's prometheus package provides it)");
        }

        @Test
        void promtoolAcceptsTheRuleFile() {
            promtool("check", "rules", RULES.toString());
        }

        @Test
        void everyRuleUnitTestPasses() {
            promtool("test", "rules", RULE_TESTS.toString());
        }

        /**
         * The scrape job (k8s/monitoring/prometheus-scrape.yml) as Prometheus itself parses it: its relabel
         * rules and the rule file it names. The secrets and CA it reads from Prometheus' mounts are
         * stand-ins in a copy whose paths point at a temporary directory, and a static target stands in
         * for the pod discovery, which Debian's build of Prometheus leaves out.
         */
        @Test
        void promtoolAcceptsTheScrapeJob(@TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("password"), "stand-in\n");
            Files.writeString(dir.resolve("ca.crt"), "");
            Files.copy(RULES, dir.resolve("paycloud-alerts.yml"));
            String config = Kustomize.read(ROOT.resolve("k8s/monitoring/prometheus-scrape.yml"))
                    .replace("/etc/prometheus/secrets/monitoring-credentials/password", dir.resolve("password").toString())
                    .replace("/etc/prometheus/secrets/paycloud-ca/ca.crt", dir.resolve("ca.crt").toString())
                    .replace("/etc/prometheus/rules/paycloud-alerts.yml", dir.resolve("paycloud-alerts.yml").toString())
                    // Debian's Prometheus is built without Kubernetes discovery: a static target stands in for it
                    .replaceFirst("(?s)\n    kubernetes_sd_configs:\n.*?\n    relabel_configs:",
                            "\n    static_configs:\n      - targets: ['stand-in:9080']\n    relabel_configs:");
            assertThat(config).contains("static_configs").doesNotContain("kubernetes_sd_configs");
            Path file = dir.resolve("prometheus.yml");
            Files.writeString(file, config);
            promtool("check", "config", file.toString());
        }

        private void promtool(String... args) {
            List<String> command = new ArrayList<>(List.of("promtool"));
            command.addAll(List.of(args));
            Kustomize.Result result = Kustomize.run(command, Map.of(), RULES.getParent());
            if (result.exit() != 0) {
                System.out.println(String.join(" ", command) + " exited with " + result.exit() + ":\n" + result.output());
            } else {
                log.info("{}:\n{}", String.join(" ", command), result.output().strip());
            }
            assertThat(result.exit()).as("%s exited with %s:%n%s", String.join(" ", command), result.exit(),
                    result.output()).isZero();
        }
    }

    @Test
    void theRequiredAlertsExist() {
        assertThat(alerts()).extracting(a -> (String) a.get("alert")).containsAll(REQUIRED);
    }

    @Test
    void everyAlertWaitsHasASeverityAndTemplatedAnnotations() {
        for (Map<String, Object> alert : alerts()) {
            String name = (String) alert.get("alert");
            assertThat(name).as("alert names").startsWith("PayCloud");
            assertThat((String) alert.get("expr")).as("expr of %s", name).isNotBlank();
            assertThat(String.valueOf(alert.get("for"))).as("for of %s", name).matches("\\d+[smh]");
            assertThat(map(alert.get("labels")).get("severity")).as("severity of %s", name).isIn("page", "ticket");
            Map<String, Object> annotations = map(alert.get("annotations"));
            assertThat(annotations).as("annotations of %s", name).containsKeys("summary", "description");
            assertThat(annotations.get("summary") + " " + annotations.get("description"))
                    .as("annotations of %s name what they are about", name).contains("{{ $labels.");
        }
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItMustNot() {
        Map<String, Object> file = Kustomize.readOne(RULE_TESTS);
        assertThat(list(file.get("rule_files"))).containsExactly(RULES.getFileName().toString());
        Map<String, Set<String>> firingSeverities = new TreeMap<>();
        Map<String, Integer> silent = new TreeMap<>();
        for (Object t : list(file.get("tests"))) {
            for (Object c : list(map(t).get("alert_rule_test"))) {
                Map<String, Object> check = map(c);
                String name = (String) check.get("alertname");
                List<Object> expected = list(check.get("exp_alerts"));
                if (expected.isEmpty()) {
                    silent.merge(name, 1, Integer::sum);
                }
                for (Object e : expected) {
                    Map<String, Object> exp = map(e);
                    assertThat(map(exp.get("exp_annotations"))).as("a firing %s checks its annotations", name)
                            .containsKeys("summary", "description");
                    firingSeverities.computeIfAbsent(name, n -> new TreeSet<>())
                            .add(String.valueOf(map(exp.get("exp_labels")).get("severity")));
                }
            }
        }
        Map<String, Set<String>> severities = new TreeMap<>();
        for (Map<String, Object> alert : alerts()) {
            severities.computeIfAbsent((String) alert.get("alert"), n -> new TreeSet<>())
                    .add((String) map(alert.get("labels")).get("severity"));
        }
        severities.forEach((name, levels) -> {
            assertThat(firingSeverities.get(name)).as("cases where %s fires, by severity", name)
                    .isNotNull().containsAll(levels);
            assertThat(silent.getOrDefault(name, 0)).as("cases where %s must not fire", name).isPositive();
        });
        assertThat(firingSeverities.keySet()).as("unit tests of alerts that do not exist")
                .isSubsetOf(severities.keySet());
    }

    @Test
    void theDeployDocsListEveryAlert() {
        String docs = Kustomize.read(ROOT.resolve("docs/deploy.md"));
        assertThat(docs).contains("## Monitoring");
        String monitoring = docs.substring(docs.indexOf("## Monitoring"));
        for (Map<String, Object> alert : alerts()) {
            assertThat(monitoring).as("docs/deploy.md, Monitoring").contains("| `" + alert.get("alert") + "` |");
        }
        assertThat(monitoring).contains("basic_auth");
    }

    @Test
    void bothOverlaysShipTheRulesAsTheConfigMapPaycloudAlerts() {
        String rules = Kustomize.read(RULES);
        for (String overlay : List.of("dev", "prod")) {
            Path dir = ROOT.resolve("k8s/overlays").resolve(overlay);
            List<Map<String, Object>> rendered = Kustomize.realKustomize()
                    .map(c -> Kustomize.renderWithRealKustomize(c, dir)).orElseGet(() -> Kustomize.renderWithSubset(dir));
            Map<String, Object> configMap = Kustomize.find(rendered, "ConfigMap", "paycloud-alerts");
            assertThat(map(configMap.get("metadata")).get("namespace")).isEqualTo("paycloud");
            assertThat(map(configMap.get("data"))).as("%s ConfigMap paycloud-alerts", overlay)
                    .containsOnlyKeys("paycloud-alerts.yml").containsEntry("paycloud-alerts.yml", rules);
        }
    }

    // ---- helpers ----

    /** Every alerting rule of the rule file (recording rules left out). */
    static List<Map<String, Object>> alerts() {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Object group : list(Kustomize.readOne(RULES).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                if (map(rule).containsKey("alert")) {
                    alerts.add(new LinkedHashMap<>(map(rule)));
                }
            }
        }
        assertThat(alerts).as("alerts in %s", RULES).isNotEmpty();
        return alerts;
    }

    private static Boolean promtool;

    static synchronized boolean promtoolAvailable() {
        if (promtool == null) {
            promtool = Kustomize.run(List.of("promtool", "--version")).exit() == 0;
            if (!promtool) {
                log.warn("promtool is not installed: skipping `promtool check rules` and `promtool test rules` on {}"
                        + " (install Debian's prometheus package to run them)", ROOT.relativize(RULES));
            }
        }
        return promtool;
    }
}

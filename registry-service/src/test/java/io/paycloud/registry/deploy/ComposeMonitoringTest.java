package io.paycloud.registry.deploy;

import static io.paycloud.registry.deploy.Kustomize.list;
import static io.paycloud.registry.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compose's monitoring profile: Prometheus scrapes every application's management port (both registry
 * peers included) as the {@code paycloud} job the alert rules assume, and the provisioned Grafana
 * dashboard asks only for metrics the platform publishes, in PromQL that promtool accepts, from the
 * provisioned data source.
 */
class ComposeMonitoringTest {

    static final Path ROOT = DeploymentManifestsTest.repositoryRoot();
    static final Path PROMETHEUS = ROOT.resolve("docker/prometheus/prometheus.yml");
    static final Path DASHBOARD = ROOT.resolve("docker/grafana/dashboards/paycloud-platform.json");
    static final Path DATASOURCE = ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml");

    /** Metrics the applications publish through Micrometer and Prometheus itself, beside those the alert rules name. */
    static final Set<String> STANDARD = Set.of("up", "http_server_requests_seconds_count", "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max", "jvm_memory_used_bytes", "resilience4j_circuitbreaker_state");

    final JsonMapper json = JsonMapper.builder().build();

    JsonNode dashboard() throws IOException {
        return json.readTree(Files.readString(DASHBOARD));
    }

    List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asString());
            }
        }
        return exprs;
    }

    /** The metric names in a PromQL expression: identifiers followed by a selector or a range. */
    static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("([a-z_][a-z0-9_]*)\\{").matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void prometheusScrapesEveryManagementPortAsThePaycloudJobWithTheMonitoringCredential() {
        Map<String, Object> config = Kustomize.readOne(PROMETHEUS);
        assertThat(list(config.get("rule_files"))).containsExactly("/etc/paycloud/paycloud-alerts.yml");
        List<Object> jobs = list(config.get("scrape_configs"));
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = map(jobs.get(0));
        assertThat(job).containsEntry("job_name", "paycloud").containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(map(job.get("basic_auth"))).containsEntry("username", "@MONITORING_USERNAME@")
                .containsEntry("password_file", "/tmp/monitoring-password").doesNotContainKey("password");
        Set<String> targets = new HashSet<>();
        for (Object group : list(job.get("static_configs"))) {
            String application = String.valueOf(map(map(group).get("labels")).get("application"));
            for (Object target : list(map(group).get("targets"))) {
                String host = String.valueOf(target).split(":")[0];
                int port = Integer.parseInt(String.valueOf(target).split(":")[1]);
                assertThat(host.replaceAll("-2$", "")).as("application label of %s", target).isEqualTo(application);
                assertThat(port).as("management port of %s", target).isEqualTo(DeploymentManifestsTest.MANAGEMENT_PORT.get(application));
                targets.add(host);
            }
        }
        Set<String> expected = new HashSet<>(DeploymentManifestsTest.SERVICES);
        expected.add("registry-service-2");
        assertThat(targets).isEqualTo(expected);
    }

    @Test
    void theComposeFileMountsTheRulesAndTheDashboardsAndKeepsTheCredentialOutOfTheConfiguration() {
        Map<String, Object> services = map(Kustomize.readOne(ROOT.resolve("docker-compose.yml")).get("services"));
        Map<String, Object> prometheus = map(services.get("prometheus"));
        Map<String, Object> grafana = map(services.get("grafana"));
        assertThat(list(prometheus.get("profiles"))).containsExactly("monitoring");
        assertThat(list(grafana.get("profiles"))).containsExactly("monitoring");
        assertThat(list(prometheus.get("volumes"))).contains("./docker/prometheus/prometheus.yml:/etc/paycloud/prometheus.yml:ro",
                "./k8s/monitoring/paycloud-alerts.yml:/etc/paycloud/paycloud-alerts.yml:ro");
        assertThat(prometheus).doesNotContainKey("ports");
        assertThat(String.join(" ", list(prometheus.get("entrypoint")).stream().map(String::valueOf).toList()))
                .contains("/tmp/monitoring-password", "@MONITORING_USERNAME@", "--config.file=/tmp/prometheus.yml");
        assertThat(list(grafana.get("volumes"))).contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./docker/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(list(grafana.get("ports"))).containsExactly("127.0.0.1:${PAYCLOUD_GRAFANA_PORT:-3000}:3000");
        Map<String, Object> env = map(grafana.get("environment"));
        assertThat(String.valueOf(env.get("GF_SECURITY_ADMIN_PASSWORD"))).startsWith("${PAYCLOUD_MONITORING_PASSWORD:?");
        assertThat(env).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false").containsEntry("GF_USERS_ALLOW_SIGN_UP", "false");
    }

    @Test
    void theDashboardAsksOnlyForPublishedMetricsFromTheProvisionedDataSource() throws IOException {
        String uid = String.valueOf(map(list(Kustomize.readOne(DATASOURCE).get("datasources")).get(0)).get("uid"));
        Set<String> known = new HashSet<>(STANDARD);
        // every name the alert rules use (their metrics, and words PromQL has that no metric is called)
        for (Object group : list(Kustomize.readOne(AlertRulesTest.RULES).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                Matcher words = Pattern.compile("[a-z_][a-z0-9_]*").matcher(String.valueOf(map(rule).get("expr")));
                while (words.find()) {
                    known.add(words.group());
                }
            }
        }
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asString()).isEqualTo("paycloud-platform");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            assertThat(panel.path("title").asString()).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString()).isEqualTo(uid);
            assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(target.path("datasource").path("uid").asString()).isEqualTo(uid);
                assertThat(metrics(expr)).as(expr).isNotEmpty();
                assertThat(known).as("metrics of %s", expr).containsAll(metrics(expr));
                assertThat(expr).as("scoped to the paycloud job").contains("job=\"paycloud\"");
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
    }

    /** Every expression as a recording rule: promtool parses them as Prometheus would. */
    @Test
    void promtoolAcceptsEveryExpressionAndTheScrapeConfiguration(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(AlertRulesTest.promtoolAvailable(), "promtool is not installed (Debian's prometheus package provides it)");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : expressions()) {
            rules.append("      - record: dashboard:expr").append(i++).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(tmp.resolve("dashboard-rules.yml"), rules.toString());
        Kustomize.Result checked = Kustomize.run(List.of("promtool", "check", "rules", file.toString()), Map.of(), tmp);
        assertThat(checked.exit()).as(checked.output()).isZero();
        // the configuration as the container writes it: the username in, the password in a file
        Files.writeString(tmp.resolve("monitoring-password"), "secret");
        Files.copy(AlertRulesTest.RULES, tmp.resolve("paycloud-alerts.yml"));
        Path config = Files.writeString(tmp.resolve("prometheus.yml"), Files.readString(PROMETHEUS)
                .replace("@MONITORING_USERNAME@", "monitor").replace("/tmp/monitoring-password", tmp.resolve("monitoring-password").toString())
                .replace("/etc/paycloud/paycloud-alerts.yml", tmp.resolve("paycloud-alerts.yml").toString()));
        Kustomize.Result configChecked = Kustomize.run(List.of("promtool", "check", "config", config.toString()), Map.of(), tmp);
        assertThat(configChecked.exit()).as(configChecked.output()).isZero();
    }
}

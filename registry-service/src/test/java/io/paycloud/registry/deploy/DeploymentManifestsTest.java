package io.paycloud.registry.deploy;

import static io.paycloud.registry.deploy.Kustomize.containers;
import static io.paycloud.registry.deploy.Kustomize.list;
import static io.paycloud.registry.deploy.Kustomize.map;
import static io.paycloud.registry.deploy.Kustomize.name;
import static io.paycloud.registry.deploy.Kustomize.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * The deployment files at the repository root (Dockerfile, docker-compose.yml, docker/, k8s/)
 * checked without Docker or a cluster: the Kubernetes overlays are rendered (by kustomize when the
 * machine has it, else by {@link Kustomize}'s subset) and every object is inspected; the compose
 * file is read as YAML and, where a compose tool is installed, also run through {@code config};
 * the container scripts run against small local HTTP servers and stand-in commands.
 */
class DeploymentManifestsTest {

    private static final Logger log = LoggerFactory.getLogger(DeploymentManifestsTest.class);

    static final Path ROOT = repositoryRoot();
    static final List<String> SERVICES = List.of("registry-service", "gateway-service", "payment-service",
            "account-service", "risk-service", "analytics-service");
    /** The applications that keep something in Redis. */
    static final List<String> REDIS_USERS = List.of("gateway-service", "account-service", "risk-service");
    /** Every application but the registry signs its calls with a key pair of its own. */
    static final List<String> SIGNERS = SERVICES.stream().filter(s -> !s.equals("registry-service")).toList();
    static final Map<String, String> DATABASE_OF = Map.of("payment-service", "payments",
            "account-service", "accounts", "risk-service", "risk", "analytics-service", "analytics");
    /**
     * Databases whose schema has an owner of its own: the service migrates as the owner (DB_OWNER_USER), which
     * grants the service's runtime user (DB_USER) its table privileges; the runtime user holds nothing database-wide.
     */
    static final Map<String, String> OWNER_OF = Map.of("accounts", "accounts_owner");
    static final Set<String> AUTOSCALED = Set.of("gateway-service", "payment-service", "account-service", "risk-service");
    static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ENCRYPTION_?KEY|IDENTITY|JWKS|DB_(OWNER_)?USER|USERNAME).*");
    /** What compose takes only from the environment, never with a default (its database user names are plain settings). */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ENCRYPTION_?KEY|IDENTITY|JWKS|USERNAME).*");

    /** The API port of each application (server.port), the only one a Service or compose publishes. */
    /** compose's one-shot container that makes the certificates (docker/tls-init.sh). */
    static final String TLS_INIT = "tls-init";

    /** The gateway's HTTPS port (server.port on the profile tls). */
    static final int GATEWAY_HTTPS_PORT = 8443;

    static final Map<String, Integer> API_PORT = Map.of("registry-service", 8761, "gateway-service", 8080,
            "payment-service", 8081, "account-service", 8082, "risk-service", 8083, "analytics-service", 8084);
    /** The management port of each application (management.server.port): actuator, never published. */
    static final Map<String, Integer> MANAGEMENT_PORT = Map.of("registry-service", 9761, "gateway-service", 9080,
            "payment-service", 9081, "account-service", 9082, "risk-service", 9083, "analytics-service", 9084);

    // identity (bin/identity-keys.java): every signer gets the JWK set of all public keys and, as
    // PAYCLOUD_IDENTITY_PRIVATE_KEY, its own private key; the registry gets neither
    static final String JWKS = "PAYCLOUD_IDENTITY_JWKS";
    static final String PRIVATE_KEY = "PAYCLOUD_IDENTITY_PRIVATE_KEY";
    static final Set<String> IDENTITY = Set.of(JWKS, PRIVATE_KEY);
    static final String JWKS_SECRET = "platform-jwks";
    /** The variables of the old model (one gateway pair, one pair shared by the services): gone everywhere. */
    static final List<String> OLD_IDENTITY = List.of("PAYCLOUD_IDENTITY_GATEWAY_PUBLIC_KEY",
            "PAYCLOUD_IDENTITY_GATEWAY_PRIVATE_KEY", "PAYCLOUD_IDENTITY_SERVICE_PUBLIC_KEY",
            "PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY");
    /**
     * Base64 openings of DER keys (PKCS#8 private and X.509 public keys, EC P-256 and Ed25519) and of
     * JWKs: none may be written in a deployment file, whatever it is called.
     */
    static final List<String> KEY_MATERIAL = List.of("MEECAQAwEwYHKoZIzj0CAQYI", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49",
            "MFkwEwYHKoZIzj0CAQYI", "MC4CAQAwBQYDK2Vw", "MCowBQYDK2Vw", "\"kty\"");

    /** The registry's admin console login; operators sign in one by one with tokens, the gateway has no shared login. */
    /** The shared ops login there used to be; no workload may have it. */
    static final List<String> OPS_LOGIN = List.of("PAYCLOUD_OPS_USERNAME", "PAYCLOUD_OPS_PASSWORD");
    /** The operators' issuer URL (the gateway's public URL): the issuer (account-service), the gateway and the console must agree. */
    static final String OPERATORS_ISSUER = "PAYCLOUD_OPERATORS_ISSUER";
    static final Set<String> ISSUER_HOLDERS = Set.of("gateway-service", "account-service", "registry-service");
    /** The first administrator's secret: account-service's alone. */
    static final String BOOTSTRAP_SECRET = "PAYCLOUD_OPERATORS_BOOTSTRAP_SECRET";
    static final List<String> REGISTRY_CREDENTIAL = List.of("PAYCLOUD_REGISTRY_USERNAME", "PAYCLOUD_REGISTRY_PASSWORD");
    static final List<String> MONITORING_CREDENTIAL = List.of("PAYCLOUD_MONITORING_USERNAME", "PAYCLOUD_MONITORING_PASSWORD");
    /** Both registry peers, by their StatefulSet names, with the registry credential from its Secret. */
    static final String EUREKA_URL_FROM_SECRET =
            "https://$(PAYCLOUD_REGISTRY_USERNAME):$(PAYCLOUD_REGISTRY_PASSWORD)@registry-service-0.registry-peers:8761/eureka/,"
            + "https://$(PAYCLOUD_REGISTRY_USERNAME):$(PAYCLOUD_REGISTRY_PASSWORD)@registry-service-1.registry-peers:8761/eureka/";

    static final String KYC_KEY = "KYC_ENCRYPTION_KEY";
    static final String PAYMENT_KEY = "PAYMENT_ENCRYPTION_KEY";
    /** The keys that seal fields at rest, each its one service's: id numbers and second factors, webhook signing secrets. */
    static final Map<String, String> FIELD_KEYS = Map.of(KYC_KEY, "account-service", PAYMENT_KEY, "payment-service");
    /** The published keys of the embedded and test profiles, which the services refuse under docker and k8s. */
    static final Map<String, String> EMBEDDED_FIELD_KEYS = Map.of(KYC_KEY, "cGF5Y2xvdWQtZW1iZWRkZWQtZGV2LW9ubHkta2V5ISE=",
            PAYMENT_KEY, "cGF5Y2xvdWQtcGF5bWVudHMtZGV2LW9ubHkta2V5ISE=");

    static Set<String> identityOf(String service) {
        return SIGNERS.contains(service) ? IDENTITY : Set.of();
    }

    static String identitySecretOf(String service) {
        return service + "-identity";
    }

    static boolean isIdentitySecret(String secret) {
        return secret.equals(JWKS_SECRET) || secret.endsWith("-identity");
    }

    static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

    @BeforeAll
    static void renderOverlays() {
        Optional<List<String>> kustomize = Kustomize.realKustomize();
        log.info("rendering k8s overlays with {}", kustomize.map(c -> String.join(" ", c))
                .orElse("the built-in kustomize subset (no kustomize or kubectl on this machine)"));
        for (String overlay : List.of("dev", "prod")) {
            Path dir = ROOT.resolve("k8s/overlays").resolve(overlay);
            RENDERED.put(overlay, kustomize.map(c -> Kustomize.renderWithRealKustomize(c, dir))
                    .orElseGet(() -> Kustomize.renderWithSubset(dir)));
        }
    }

    static List<Map<String, Object>> rendered(String overlay) {
        return RENDERED.get(overlay);
    }

    static List<Map<String, Object>> ofKind(String overlay, String kind) {
        return rendered(overlay).stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    /** The applications' workloads: a Deployment each, and the registry's StatefulSet (two Eureka peers). */
    static List<Map<String, Object>> apps(String overlay) {
        return rendered(overlay).stream().filter(r -> "Deployment".equals(r.get("kind"))
                || ("StatefulSet".equals(r.get("kind")) && name(r).equals("registry-service"))).toList();
    }

    /** Whether a certificate's DNS name covers a host name, as TLS clients match them: a wildcard stands for one label. */
    static boolean covers(String certificateName, String host) {
        if (certificateName.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equalsIgnoreCase(certificateName.substring(2));
        }
        return certificateName.equalsIgnoreCase(host);
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    static List<Map<String, Object>> workloads(String overlay) {
        return rendered(overlay).stream().filter(r -> List.of("Deployment", "StatefulSet", "DaemonSet", "Job",
                "CronJob", "Pod").contains(r.get("kind"))).toList();
    }

    @Test
    void theManagementAndApiPortsAreTheApplicationsOwn() {
        // what the manifests and scripts assume is what each application.yml configures
        for (String service : SERVICES) {
            String yml = Kustomize.read(ROOT.resolve(service + "/src/main/resources/application.yml"));
            Matcher management = Pattern.compile("\\$\\{MANAGEMENT_PORT:(\\d+)}").matcher(yml);
            assertThat(management.find()).as("management.server.port of %s reads MANAGEMENT_PORT", service).isTrue();
            assertThat(Integer.parseInt(management.group(1))).as("management port of %s", service)
                    .isEqualTo(MANAGEMENT_PORT.get(service));
            Matcher api = Pattern.compile("(?m)^server:\\s*\\n\\s+port: \\$\\{PORT:(\\d+)}").matcher(yml);
            assertThat(api.find()).as("server.port of %s", service).isTrue();
            assertThat(Integer.parseInt(api.group(1))).as("API port of %s", service).isEqualTo(API_PORT.get(service));
        }
    }

    @Test
    void noDeploymentFileHoldsAKeyOrAnOldIdentityVariable() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("docker-compose.yml"), ROOT.resolve("Dockerfile"),
                ROOT.resolve("docs/deploy.md")));
        for (String dir : List.of("k8s", "docker")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path file : files) {
            String text = Kustomize.read(file);
            for (String old : OLD_IDENTITY) {
                assertThat(text).as("%s names the old %s", ROOT.relativize(file), old).doesNotContain(old);
            }
            for (String key : KEY_MATERIAL) {
                assertThat(text).as("%s holds key material (%s…)", ROOT.relativize(file), key).doesNotContain(key);
            }
            // management.endpoint.gateway.access: the gateway's actuator endpoint is read-only by the
            // application itself, and no deployment file may loosen it
            assertThat(text.toLowerCase()).as("%s configures the gateway actuator endpoint", ROOT.relativize(file))
                    .doesNotContain("management.endpoint.gateway").doesNotContain("management_endpoint_gateway");
        }
    }

    @Nested
    class Kubernetes {

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyServiceHasADeploymentAndAServiceOfItsName(String overlay) {
            assertThat(apps(overlay)).extracting(Kustomize::name)
                    .containsExactlyInAnyOrderElementsOf(SERVICES);
            assertThat(ofKind(overlay, "Service")).extracting(Kustomize::name).containsAll(SERVICES);
            assertThat(rendered(overlay)).filteredOn(r -> !"Namespace".equals(r.get("kind")))
                    .allSatisfy(r -> assertThat(map(r.get("metadata")).get("namespace"))
                            .as("namespace of %s %s", r.get("kind"), name(r)).isEqualTo("paycloud"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyDeploymentProbesTheHealthGroupsOnItsManagementPort(String overlay) {
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                for (Map<String, Object> c : containers(d)) {
                    Map<String, Integer> ports = containerPorts(c);
                    Map<String, Integer> expected = new HashMap<>(Map.of("http", API_PORT.get(name(d)),
                            "management", MANAGEMENT_PORT.get(name(d))));
                    if (name(d).equals("gateway-service")) {
                        // the API on HTTPS, and the plain port that only redirects to it
                        expected.put("https", GATEWAY_HTTPS_PORT);
                    }
                    assertThat(ports).as("container ports of %s", what).containsExactlyInAnyOrderEntriesOf(expected);
                    assertThat(probePath(c, "livenessProbe")).as("liveness of %s", what)
                            .isEqualTo("/actuator/health/liveness");
                    assertThat(probePath(c, "readinessProbe")).as("readiness of %s", what)
                            .isEqualTo("/actuator/health/readiness");
                    assertThat(probePath(c, "startupProbe")).as("startup probe of %s", what)
                            .startsWith("/actuator/health/");
                    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                        Object port = map(map(c.get(probe)).get("httpGet")).get("port");
                        Object resolved = port instanceof String named ? ports.get(named) : port;
                        assertThat(resolved).as("%s port of %s", probe, what).isEqualTo(MANAGEMENT_PORT.get(name(d)));
                        // the management port serves TLS only (profile tls)
                        assertThat(map(map(c.get(probe)).get("httpGet"))).as("%s of %s", probe, what)
                                .containsEntry("scheme", "HTTPS");
                    }
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void prometheusScrapesTheManagementPort(String overlay) {
            for (Map<String, Object> d : apps(overlay)) {
                Map<String, Object> annotations = map(map(map(map(d.get("spec")).get("template")).get("metadata"))
                        .get("annotations"));
                assertThat(annotations).as("scrape annotations of %s", name(d))
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", String.valueOf(MANAGEMENT_PORT.get(name(d))))
                        .containsEntry("prometheus.io/path", "/actuator/prometheus");
            }
        }

        @Test
        void theScrapeJobFindsPodsOnTheirAnnotatedPortWithTheMonitoringCredential() {
            Map<String, Object> config = Kustomize.readOne(ROOT.resolve("k8s/monitoring/prometheus-scrape.yml"));
            List<Object> jobs = list(config.get("scrape_configs"));
            assertThat(jobs).hasSize(1);
            Map<String, Object> job = map(jobs.get(0));
            // the job name and the application label are what paycloud-alerts.yml selects on
            assertThat(job).containsEntry("job_name", "paycloud");
            assertThat(Kustomize.read(ROOT.resolve("k8s/monitoring/paycloud-alerts.yml"))).contains("job=\"paycloud\"");
            Map<String, Object> auth = map(job.get("basic_auth"));
            assertThat(String.valueOf(auth.get("password_file"))).as("the monitoring credential, not the ops login")
                    .contains("monitoring-credentials").doesNotContain("ops");
            assertThat(String.valueOf(auth.get("username"))).isNotEqualTo("ops");
            assertThat(auth).doesNotContainKey("password");
            // pods, not Services: no Service exposes the management port
            assertThat(list(job.get("kubernetes_sd_configs"))).singleElement()
                    .satisfies(sd -> assertThat(map(sd).get("role")).isEqualTo("pod"));
            List<Map<String, Object>> relabels = list(job.get("relabel_configs")).stream().map(Kustomize::map).toList();
            assertThat(relabels).anySatisfy(r -> {
                assertThat(strings(r.get("source_labels"))).contains("__meta_kubernetes_pod_annotation_prometheus_io_port");
                assertThat(r).containsEntry("target_label", "__address__");
            });
            assertThat(relabels).anySatisfy(r -> {
                assertThat(strings(r.get("source_labels"))).contains("__meta_kubernetes_pod_annotation_prometheus_io_path");
                assertThat(r).containsEntry("target_label", "__metrics_path__");
            });
            assertThat(relabels).anySatisfy(r -> assertThat(r).containsEntry("target_label", "application"));

            // a pod of every application is scraped at a name its certificate carries, on its management port,
            // whatever its address: the DNS label cluster DNS makes of it (dots or colons as dashes)
            Map<String, String> labels = Map.of("10.244.3.7", "10-244-3-7", "fd00:10:244:3::7", "fd00-10-244-3--7",
                    "2001:db8:1:2:3:4:5:6", "2001-db8-1-2-3-4-5-6", "fd00::a", "fd00--a");
            labels.forEach((ip, label) -> {
                for (Map<String, Object> d : apps("prod")) {
                    String app = name(d);
                    Map<String, String> pod = new LinkedHashMap<>();
                    Map<String, Object> annotations = map(map(map(map(d.get("spec")).get("template")).get("metadata")).get("annotations"));
                    annotations.forEach((k, v) -> pod.put("__meta_kubernetes_pod_annotation_"
                            + k.replaceAll("[^A-Za-z0-9_]", "_"), String.valueOf(v)));
                    pod.put("__meta_kubernetes_pod_label_app_kubernetes_io_name", app);
                    pod.put("__meta_kubernetes_pod_name", app.equals("registry-service") ? "registry-service-1" : app + "-7d9f5c-x2x4z");
                    pod.put("__meta_kubernetes_pod_ip", ip);
                    pod.put("__address__", ip);
                    Map<String, String> target = relabel(relabels, pod);
                    assertThat(target).as("target of %s", app).isNotNull();
                    String host = target.get("__address__").replaceFirst(":\\d+$", "");
                    assertThat(target.get("__address__")).as(app).endsWith(":" + MANAGEMENT_PORT.get(app));
                    assertThat(target).containsEntry("__metrics_path__", "/actuator/prometheus").containsEntry("application", app);
                    List<String> names = strings(map(Kustomize.find(rendered("prod"), "Certificate", app).get("spec")).get("dnsNames"));
                    assertThat(names).as("%s scraped at %s", app, host).anySatisfy(n -> assertThat(covers(n, host)).isTrue());
                    assertThat(host).as(app).isEqualTo(app.equals("registry-service")
                            ? "registry-service-1.registry-peers.paycloud.svc" : label + "." + app + "-pods.paycloud.svc");
                }
            });
        }

        /** Prometheus' relabelling of a target's labels with the keep and replace rules: null when dropped. */
        static Map<String, String> relabel(List<Map<String, Object>> rules, Map<String, String> labels) {
            Map<String, String> result = new LinkedHashMap<>(labels);
            for (Map<String, Object> rule : rules) {
                String value = strings(rule.getOrDefault("source_labels", List.of())).stream()
                        .map(l -> result.getOrDefault(l, "")).collect(Collectors.joining(String.valueOf(rule.getOrDefault("separator", ";"))));
                Matcher m = Pattern.compile(String.valueOf(rule.getOrDefault("regex", "(.*)"))).matcher(value);
                String action = String.valueOf(rule.getOrDefault("action", "replace"));
                switch (action) {
                    case "keep" -> {
                        if (!m.matches()) {
                            return null;
                        }
                    }
                    case "replace" -> {
                        if (m.matches()) {
                            result.put(String.valueOf(rule.get("target_label")),
                                    m.replaceFirst(String.valueOf(rule.getOrDefault("replacement", "$1"))));
                        }
                    }
                    default -> throw new AssertionError("relabel action not modelled: " + action);
                }
            }
            return result;
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void noServiceExposesAManagementPort(String overlay) {
            for (Map<String, Object> svc : ofKind(overlay, "Service")) {
                for (Object p : list(map(svc.get("spec")).get("ports"))) {
                    Map<String, Object> port = map(p);
                    Object target = port.getOrDefault("targetPort", port.get("port"));
                    assertThat(isManagementPort(port.get("port")) || isManagementPort(target))
                            .as("Service %s exposes a management port: %s", name(svc), port).isFalse();
                }
            }
            // the applications' Services, the ones the gateway, the services and an Ingress can use:
            // the API port and nothing else
            for (String service : SERVICES) {
                Map<String, Object> svc = Kustomize.find(rendered(overlay), "Service", service);
                List<Object> ports = list(map(svc.get("spec")).get("ports"));
                if (service.equals("gateway-service")) {
                    // HTTPS, and the plain port that only redirects to it
                    assertThat(ports).as("ports of Service %s", service).hasSize(2)
                            .anySatisfy(p -> assertThat(map(p)).containsEntry("port", GATEWAY_HTTPS_PORT).containsEntry("targetPort", "https"))
                            .anySatisfy(p -> assertThat(map(p)).containsEntry("port", API_PORT.get(service)).containsEntry("targetPort", "http"));
                } else {
                    assertThat(ports).as("ports of Service %s", service).singleElement()
                            .satisfies(p -> assertThat(map(p)).containsEntry("port", API_PORT.get(service))
                                    .containsEntry("targetPort", "http"));
                }
            }
            assertThat(ofKind(overlay, "Ingress")).allSatisfy(i -> assertThat(backends(i)).containsOnly("gateway-service"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void managementPortsAdmitOnlyTheRegistryAndPrometheus(String overlay) {
            List<Map<String, Object>> policies = ofKind(overlay, "NetworkPolicy");
            for (Map<String, Object> p : policies) {
                for (Object r : list(map(p.get("spec")).get("ingress"))) {
                    Map<String, Object> rule = map(r);
                    List<Object> ports = list(rule.get("ports"));
                    // a rule without ports admits every port, the management port included
                    assertThat(ports).as("policy %s: every rule names its ports", name(p)).isNotEmpty();
                    if (ports.stream().noneMatch(port -> isManagementPort(map(port).get("port")))) {
                        continue;
                    }
                    assertThat(ports).as("policy %s: management ports in a rule of their own", name(p))
                            .allSatisfy(port -> assertThat(isManagementPort(map(port).get("port"))).isTrue());
                    List<Object> from = list(rule.get("from"));
                    assertThat(from).as("policy %s: a management port admits named peers only", name(p)).isNotEmpty()
                            .allSatisfy(peer -> assertThat(isRegistryPeer(map(peer)) || isMonitoringPeer(map(peer)))
                                    .as("policy %s admits %s to a management port", name(p), peer).isTrue());
                }
            }
            // and both reach every application's management port (the console polls it, Prometheus scrapes it)
            for (Map<String, Object> d : apps(overlay)) {
                Map<String, Object> labels = templateLabels(d);
                for (String who : List.of("registry", "monitoring")) {
                    assertThat(policies).as("%s reaches the management port of %s", who, name(d)).anySatisfy(p -> {
                        Map<String, Object> spec = map(p.get("spec"));
                        assertThat(selects(map(spec.get("podSelector")), labels)).isTrue();
                        assertThat(list(spec.get("ingress"))).anySatisfy(r -> {
                            assertThat(list(map(r).get("ports"))).anySatisfy(port -> {
                                Object value = map(port).get("port");
                                assertThat(value).isIn("management", MANAGEMENT_PORT.get(name(d)));
                            });
                            assertThat(list(map(r).get("from"))).anySatisfy(peer -> assertThat(
                                    who.equals("registry") ? isRegistryPeer(map(peer)) : isMonitoringPeer(map(peer))).isTrue());
                        });
                    });
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void aNightlyCronJobDumpsEveryServiceDatabaseWithCredentialsFromASecret(String overlay) {
            List<Map<String, Object>> jobs = ofKind(overlay, "CronJob");
            assertThat(jobs).extracting(Kustomize::name).containsExactly("database-backup");
            Map<String, Object> jobSpec = map(map(map(jobs.get(0).get("spec")).get("jobTemplate")).get("spec"));
            Map<String, Object> pod = map(map(jobSpec.get("template")).get("spec"));
            assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).isEqualTo(true);
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            String script = String.join("\n", strings(container.get("args")));
            assertThat(script).contains("--single-transaction").contains("payments accounts risk analytics");
            assertThat(map(container.get("resources"))).containsKeys("requests", "limits");
            for (Object e : list(container.get("env"))) {
                Map<String, Object> env = map(e);
                String name = String.valueOf(env.get("name"));
                if (name.contains("PWD") || name.contains("PASSWORD") || name.contains("USER")) {
                    assertThat(env).as(name).doesNotContainKey("value");
                    assertThat(map(map(env.get("valueFrom")).get("secretKeyRef")).get("name")).as(name)
                            .isEqualTo("paycloud-backup");
                }
            }
            assertThat(ofKind(overlay, "PersistentVolumeClaim")).extracting(Kustomize::name).contains("paycloud-backups");
            // over TLS, the server verified as the services verify it, unless DB_SSL_MODE says DISABLED by name
            assertThat(script).contains("--ssl-mode=VERIFY_IDENTITY", "--ssl-ca=${PAYCLOUD_DATASTORE_CA:-", "\"${tls[@]}\"");
            Map<String, Map<String, Object>> env = new HashMap<>();
            list(container.get("env")).forEach(e -> env.put(String.valueOf(map(e).get("name")), map(e)));
            for (String key : List.of("DB_SSL_MODE", "PAYCLOUD_DATASTORE_CA")) {
                assertThat(map(map(env.get(key).get("valueFrom")).get("configMapKeyRef"))).as(key)
                        .containsEntry("name", "paycloud-config").containsEntry("key", key);
            }
            Map<String, Object> config = map(Kustomize.find(rendered(overlay), "ConfigMap", "paycloud-config").get("data"));
            if (config.containsKey("PAYCLOUD_DATASTORE_CA")) {
                // the file it names is mounted in the job's pod too
                String ca = String.valueOf(config.get("PAYCLOUD_DATASTORE_CA"));
                assertThat(list(container.get("volumeMounts")).stream().map(Kustomize::map))
                        .as("a mount holding %s", ca).anySatisfy(m -> assertThat(ca).startsWith(m.get("mountPath") + "/"));
            }
        }

        /**
         * The dev overlay's own MySQL and Redis serve TLS only, with certificates of the platform's CA
         * (cert-manager, for the names mysql and redis), and the services verify both against the CA
         * they mount; prod keeps verification on against the operator's data stores.
         */
        @Test
        void theDataStoresServeTlsOnlyAndEveryProfileVerifiesThem() {
            Map<String, Object> dev = map(Kustomize.find(rendered("dev"), "ConfigMap", "paycloud-config").get("data"));
            assertThat(dev).containsEntry("PAYCLOUD_DATASTORE_CA", "/run/paycloud/tls/ca.crt").doesNotContainKeys("DB_SSL_MODE", "REDIS_TLS");
            Map<String, Object> prod = map(Kustomize.find(rendered("prod"), "ConfigMap", "paycloud-config").get("data"));
            assertThat(prod).containsEntry("DB_SSL_MODE", "VERIFY_IDENTITY").containsEntry("REDIS_TLS", "true");
            for (String store : List.of("mysql", "redis")) {
                Map<String, Object> certificate = map(Kustomize.find(rendered("dev"), "Certificate", store).get("spec"));
                assertThat(certificate).containsEntry("secretName", store + "-tls");
                assertThat(strings(certificate.get("dnsNames"))).contains(store);
                assertThat(map(certificate.get("issuerRef"))).containsEntry("name", "paycloud-ca");
                Map<String, Object> workload = Kustomize.find(rendered("dev"), "StatefulSet", store);
                assertThat(list(podSpec(workload).get("volumes")).stream().map(Kustomize::map))
                        .anySatisfy(v -> assertThat(map(v.get("secret"))).containsEntry("secretName", store + "-tls"));
                // renewals reach the server: a sidecar tells it to load the new files (see
                // theDevRedisTakesARenewedCertificateWithoutARestart); no subPath, or the files would never change
                assertThat(containers(workload)).as("containers of %s", store).anySatisfy(c -> {
                    assertThat(c).containsEntry("name", "tls-reload");
                    assertThat(strings(c.get("args")).get(0)).contains(store.equals("mysql")
                            ? "ALTER INSTANCE RELOAD TLS" : "CONFIG SET");
                });
                for (Map<String, Object> c : containers(workload)) {
                    assertThat(list(c.get("volumeMounts")).stream().map(Kustomize::map)).as("mounts of %s", store)
                            .allSatisfy(m -> assertThat(m).doesNotContainKey("subPath"));
                }
            }
            // each sidecar talks to its server over the server's Unix socket, in a memory volume the two
            // containers alone share: never over the network, where it would verify the certificate being
            // replaced against the new CA file, and refuse it when the CA itself was rotated
            Map<String, Object> mysqlSet = Kustomize.find(rendered("dev"), "StatefulSet", "mysql");
            assertThat(reloadScript(mysqlSet)).contains("--protocol=SOCKET", "--socket=/var/run/mysqld/mysqld.sock")
                    .doesNotContain("--protocol=TCP", "-h 127.0.0.1", "--ssl-mode");
            assertSocketSharedByTheTwoContainersAlone(mysqlSet, "/var/run/mysqld");
            Map<String, Object> redisSet = Kustomize.find(rendered("dev"), "StatefulSet", "redis");
            assertThat(reloadScript(redisSet)).contains("redis-cli -s \"$REDIS_SOCKET\" CONFIG SET")
                    .doesNotContain("--tls", "--cacert", "-h 127.0.0.1", "-p ");
            assertThat(containers(redisSet).stream().filter(c -> "tls-reload".equals(c.get("name"))).findFirst().orElseThrow()
                    .get("env")).asString().contains("REDIS_SOCKET").contains("/var/run/redis/redis.sock");
            List<String> redisArgs = strings(containers(redisSet).get(0).get("args"));
            assertThat(redisArgs.get(redisArgs.indexOf("--unixsocket") + 1)).isEqualTo("/var/run/redis/redis.sock");
            assertThat(redisArgs.get(redisArgs.indexOf("--unixsocketperm") + 1)).isEqualTo("700");
            assertSocketSharedByTheTwoContainersAlone(redisSet, "/var/run/redis");
            List<String> mysql = strings(containers(Kustomize.find(rendered("dev"), "StatefulSet", "mysql")).get(0).get("args"));
            assertThat(mysql).contains("--require-secure-transport=ON", "--ssl-cert=/etc/mysql/tls/mysql.crt",
                    "--ssl-key=/etc/mysql/tls/mysql.key", "--ssl-ca=/etc/mysql/tls/ca.crt");
            List<String> redis = strings(containers(Kustomize.find(rendered("dev"), "StatefulSet", "redis")).get(0).get("args"));
            assertThat(redis.get(redis.indexOf("--port") + 1)).as("Redis's plain port").isEqualTo("0");
            assertThat(redis.get(redis.indexOf("--tls-port") + 1)).isEqualTo("6379");
        }

        static String reloadScript(Map<String, Object> statefulSet) {
            return strings(containers(statefulSet).stream().filter(c -> "tls-reload".equals(c.get("name"))).findFirst()
                    .orElseThrow().get("args")).get(0);
        }

        static void assertSocketSharedByTheTwoContainersAlone(Map<String, Object> statefulSet, String directory) {
            assertThat(containers(statefulSet)).hasSize(2).allSatisfy(c -> assertThat(list(c.get("volumeMounts")).stream()
                    .map(Kustomize::map)).anySatisfy(m -> assertThat(m).containsEntry("name", "socket")
                            .containsEntry("mountPath", directory)));
            assertThat(list(podSpec(statefulSet).get("volumes")).stream().map(Kustomize::map)
                    .filter(v -> "socket".equals(v.get("name")))).singleElement()
                    .satisfies(v -> assertThat(map(v.get("emptyDir"))).containsEntry("medium", "Memory"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyWorkloadHasResourcesAndRunsAsNonRoot(String overlay) {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(overlay, "Deployment"));
            workloads.addAll(ofKind(overlay, "StatefulSet"));
            for (Map<String, Object> w : workloads) {
                String what = overlay + "/" + w.get("kind") + "/" + name(w);
                Map<String, Object> pod = podSpec(w);
                assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).as("runAsNonRoot of %s", what)
                        .isEqualTo(true);
                assertThat(map(pod.get("securityContext")).get("runAsUser")).as("runAsUser of %s", what)
                        .isInstanceOf(Number.class).isNotEqualTo(0);
                for (Map<String, Object> c : containers(w)) {
                    Map<String, Object> resources = map(c.get("resources"));
                    for (String part : List.of("requests", "limits")) {
                        assertThat(map(resources.get(part))).as("%s of %s", part, what).containsKeys("cpu", "memory");
                    }
                    Map<String, Object> security = map(c.get("securityContext"));
                    assertThat(security.get("allowPrivilegeEscalation")).as("privilege escalation of %s", what)
                            .isEqualTo(false);
                    assertThat(strings(map(security.get("capabilities")).get("drop"))).contains("ALL");
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyDeploymentHasAReadOnlyRootAWritableTmpAndAnImage(String overlay) {
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                Map<String, Object> pod = podSpec(d);
                for (Map<String, Object> c : containers(d)) {
                    assertThat(map(c.get("securityContext")).get("readOnlyRootFilesystem")).as(what).isEqualTo(true);
                    String tmpVolume = list(c.get("volumeMounts")).stream().map(Kustomize::map)
                            .filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name"))
                            .findFirst().orElseGet(() -> fail("no /tmp mount in " + what));
                    assertThat(list(pod.get("volumes"))).as("volumes of %s", what).anySatisfy(v -> {
                        assertThat(map(v).get("name")).isEqualTo(tmpVolume);
                        assertThat(map(v)).containsKey("emptyDir");
                    });
                    String image = (String) c.get("image");
                    assertThat(image).as("image of %s", what).isNotBlank().contains("/" + name(d) + ":")
                            .doesNotEndWith(":latest");
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyDeploymentShutsDownGracefully(String overlay) {
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                Number grace = (Number) podSpec(d).get("terminationGracePeriodSeconds");
                assertThat(grace).as("terminationGracePeriodSeconds of %s", what).isNotNull();
                for (Map<String, Object> c : containers(d)) {
                    List<String> preStop = strings(map(map(map(c.get("lifecycle")).get("preStop")).get("exec")).get("command"));
                    assertThat(preStop).as("preStop of %s", what).isNotEmpty();
                    int waits = Integer.parseInt(preStop.get(preStop.size() - 1));
                    // the preStop wait plus Spring's 30 s graceful shutdown phase must fit
                    assertThat(grace.intValue()).as("grace period of %s", what).isGreaterThanOrEqualTo(waits + 30);
                }
                if (d.get("kind").equals("StatefulSet")) {
                    // one peer at a time, the other keeping the registry
                    assertThat(map(map(d.get("spec")).get("updateStrategy"))).as("update of %s", what)
                            .containsEntry("type", "RollingUpdate");
                } else {
                    assertThat(map(map(d.get("spec")).get("strategy")).get("rollingUpdate"))
                            .as("rolling update of %s", what).isNotNull();
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void credentialsComeFromSecretsOnly(String overlay) {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(overlay, "Deployment"));
            workloads.addAll(ofKind(overlay, "StatefulSet"));
            Pattern userinfo = Pattern.compile("://([^/@]*)@");
            for (Map<String, Object> w : workloads) {
                for (Map<String, Object> c : containers(w)) {
                    for (Object e : list(c.get("env"))) {
                        Map<String, Object> env = map(e);
                        String what = overlay + "/" + name(w) + " env " + env.get("name");
                        if (CREDENTIAL_NAME.matcher((String) env.get("name")).matches()) {
                            assertThat(env).as(what).doesNotContainKey("value");
                            assertThat(map(map(env.get("valueFrom")).get("secretKeyRef"))).as(what)
                                    .containsKeys("name", "key");
                        }
                        // a URL with a login in it names variables (from Secrets), never the login itself
                        Matcher login = userinfo.matcher(String.valueOf(env.getOrDefault("value", "")));
                        if (login.find()) {
                            assertThat(login.group(1)).as(what).matches("\\$\\([A-Z_]+\\):\\$\\([A-Z_]+\\)");
                        }
                    }
                    for (Object from : list(c.get("envFrom"))) {
                        assertThat(map(from)).as("envFrom of %s", name(w)).containsOnlyKeys("configMapRef");
                    }
                }
            }
            for (Map<String, Object> cm : ofKind(overlay, "ConfigMap")) {
                assertThat(map(cm.get("data")).keySet()).as("ConfigMap %s", name(cm))
                        .noneMatch(k -> CREDENTIAL_NAME.matcher(k).matches());
                assertThat(map(cm.get("data")).values()).as("ConfigMap %s", name(cm))
                        .noneMatch(v -> userinfo.matcher(String.valueOf(v)).find());
            }
            Map<String, Object> db = Kustomize.find(rendered(overlay), "Deployment", "payment-service");
            assertThat(envNames(db)).contains("DB_USER", "DB_PASSWORD", "PAYCLOUD_POD_IP");
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void accountServiceMigratesAsTheSchemaOwnerAndRunsAsItsOwnUser(String overlay) {
            Map<String, Map<String, Object>> env = envByName(Kustomize.find(rendered(overlay), "Deployment", "account-service"));
            assertThat(secretKeyRef(env.get("DB_USER"))).containsEntry("name", "account-db").containsEntry("key", "username");
            assertThat(secretKeyRef(env.get("DB_PASSWORD"))).containsEntry("name", "account-db").containsEntry("key", "password");
            assertThat(secretKeyRef(env.get("DB_OWNER_USER"))).containsEntry("name", "account-db-owner")
                    .containsEntry("key", "username");
            assertThat(secretKeyRef(env.get("DB_OWNER_PASSWORD"))).containsEntry("name", "account-db-owner")
                    .containsEntry("key", "password");
            // the owner's credential is account-service's alone
            for (Map<String, Object> w : apps(overlay)) {
                if (!name(w).equals("account-service")) {
                    assertThat(referencedSecrets(w.get("spec"))).as("Secrets of %s", name(w)).doesNotContain("account-db-owner");
                    assertThat(envNames(w)).as("environment of %s", name(w)).doesNotContain("DB_OWNER_USER", "DB_OWNER_PASSWORD");
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void onlyTheApplicationsThatKeepSomethingInRedisGetItsPassword(String overlay) {
            for (Map<String, Object> w : apps(overlay)) {
                boolean usesRedis = REDIS_USERS.contains(name(w));
                assertThat(envNames(w).contains("SPRING_DATA_REDIS_PASSWORD")).as("%s gets the Redis password", name(w))
                        .isEqualTo(usesRedis);
                assertThat(referencedSecrets(w.get("spec")).contains("paycloud-redis")).as("%s references paycloud-redis",
                        name(w)).isEqualTo(usesRedis);
            }
        }

        @Test
        void noRealSecretIsKeptInGit() {
            assertThat(ofKind("prod", "Secret")).as("prod Secrets are created by hand, never rendered").isEmpty();
            for (Map<String, Object> secret : ofKind("dev", "Secret")) {
                assertThat(isIdentitySecret(name(secret))).as("dev generates identity Secret %s", name(secret)).isFalse();
                map(secret.get("data")).forEach((key, value) -> {
                    assertThat(key).as("dev secret %s", name(secret)).isNotIn("jwks", "private-key");
                    if (key.equals("password") || key.equals("secret")) {
                        assertThat(decode(value)).as("dev secret %s", name(secret)).startsWith("dev-only-");
                    }
                });
            }
            Path template = ROOT.resolve("k8s/base/secrets.example.yaml");
            assertThat(strings(Kustomize.readOne(ROOT.resolve("k8s/base/kustomization.yaml")).get("resources")))
                    .as("the Secret template is never applied").doesNotContain("secrets.example.yaml");
            Map<String, Set<String>> templated = new TreeMap<>();
            for (Map<String, Object> secret : Kustomize.readAll(template)) {
                assertThat(secret.get("kind")).isEqualTo("Secret");
                Map<String, Object> data = map(secret.get("stringData"));
                assertThat(data).as("template %s", name(secret)).isNotEmpty();
                data.forEach((key, value) -> {
                    if (!key.equals("username")) {
                        assertThat(value).as("template %s key %s", name(secret), key).isEqualTo("REPLACE_ME");
                    }
                });
                templated.put(name(secret), data.keySet());
            }
            // every Secret the prod Deployments read is in the template, with the keys they read
            for (Map<String, Object> d : apps("prod")) {
                for (Map<String, Object> env : envByName(d).values()) {
                    Map<String, Object> ref = secretKeyRef(env);
                    if (!ref.isEmpty()) {
                        assertThat(templated).as("template for %s", ref).containsKey((String) ref.get("name"));
                        assertThat(templated.get((String) ref.get("name"))).contains((String) ref.get("key"));
                    }
                }
            }
            // the identity Secrets hold one key each
            assertThat(templated.get(JWKS_SECRET)).containsExactly("jwks");
            SIGNERS.forEach(s -> assertThat(templated.get(identitySecretOf(s))).as("template %s", identitySecretOf(s))
                    .containsExactly("private-key"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everySignerGetsTheJwkSetAndItsOwnPrivateKeyFromSecrets(String overlay) {
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                Map<String, Map<String, Object>> env = envByName(d);
                assertThat(env.keySet().stream().filter(n -> n.startsWith("PAYCLOUD_IDENTITY_")))
                        .as("identity of %s", what).containsExactlyInAnyOrderElementsOf(identityOf(name(d)));
                for (String key : identityOf(name(d))) {
                    assertThat(env.get(key)).as("%s of %s", key, what).doesNotContainKey("value");
                    assertThat(secretKeyRef(env.get(key)).get("optional")).as("%s of %s is required", key, what)
                            .isNotEqualTo(true);
                }
                if (SIGNERS.contains(name(d))) {
                    assertThat(secretKeyRef(env.get(JWKS))).as("JWK set of %s", what)
                            .containsOnly(Map.entry("name", JWKS_SECRET), Map.entry("key", "jwks"));
                    assertThat(secretKeyRef(env.get(PRIVATE_KEY))).as("private key of %s", what)
                            .containsOnly(Map.entry("name", identitySecretOf(name(d))), Map.entry("key", "private-key"));
                }
            }
            String all = rendered(overlay).toString();
            OLD_IDENTITY.forEach(old -> assertThat(all).as("%s rendered", overlay).doesNotContain(old));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void eachPrivateKeyIsReadableByItsOwnServiceAlone(String overlay) {
            for (String signer : SIGNERS) {
                String secret = identitySecretOf(signer);
                for (Map<String, Object> w : workloads(overlay)) {
                    String what = overlay + "/" + w.get("kind") + "/" + name(w);
                    Set<String> identities = referencedSecrets(w.get("spec")).stream()
                            .filter(s -> s.endsWith("-identity")).collect(Collectors.toSet());
                    if (w.get("kind").equals("Deployment") && name(w).equals(signer)) {
                        assertThat(identities).as("identity Secrets %s can read", what).containsExactly(secret);
                        // and it reads nothing else from it
                        assertThat(envByName(w).entrySet()).filteredOn(e -> secret.equals(secretKeyRef(e.getValue()).get("name")))
                                .extracting(Map.Entry::getKey).containsExactly(PRIVATE_KEY);
                    } else {
                        assertThat(identities).as("identity Secrets %s can read", what).doesNotContain(secret);
                    }
                }
            }
            Map<String, Object> registry = Kustomize.find(rendered(overlay), "StatefulSet", "registry-service");
            assertThat(referencedSecrets(registry.get("spec"))).as("the registry holds no identity key")
                    .noneMatch(DeploymentManifestsTest::isIdentitySecret);
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void noWorkloadHasASharedOpsLoginAndTheMonitoringCredentialIsEveryones(String overlay) {
            Set<Map<String, Object>> monitoring = new java.util.HashSet<>();
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                assertThat(envNames(d)).as("env of %s", what).containsAll(MONITORING_CREDENTIAL);
                // operators sign in one by one (the console too, through the issuer): no shared ops login anywhere
                assertThat(envNames(d)).as("env of %s", what).doesNotContainAnyElementsOf(OPS_LOGIN);
                assertThat(referencedSecrets(d.get("spec"))).as("Secrets of %s", what).doesNotContain("registry-ops");
                for (String key : MONITORING_CREDENTIAL) {
                    Map<String, Object> ref = secretKeyRef(envByName(d).get(key));
                    assertThat(ref).as("%s of %s", key, what).containsKeys("name", "key");
                    monitoring.add(Map.of("name", ref.get("name"), "env", key));
                }
            }
            assertThat(monitoring).as("one monitoring credential for all").hasSize(MONITORING_CREDENTIAL.size());
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void eachFieldKeyComesFromASecretOfItsOwnServiceAlone(String overlay) {
            FIELD_KEYS.forEach((key, owner) -> {
                Map<String, Object> env = envByName(Kustomize.find(rendered(overlay), "Deployment", owner)).get(key);
                assertThat(env).as("%s of %s", key, owner).isNotNull().doesNotContainKey("value");
                Map<String, Object> ref = secretKeyRef(env);
                assertThat(ref).containsKeys("name", "key");
                assertThat(ref.get("optional")).isNotEqualTo(true);
                for (Map<String, Object> d : apps(overlay)) {
                    if (!name(d).equals(owner)) {
                        assertThat(envNames(d)).as("env of %s", name(d)).doesNotContain(key);
                        assertThat(referencedSecrets(d.get("spec"))).as("Secrets of %s", name(d)).doesNotContain((String) ref.get("name"));
                    }
                }
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void theGatewayAndTheIssuerShareOneIssuerUrlAndAccountServiceAloneGetsTheFirstAdministratorsSecret(String overlay) {
            Map<String, Object> issuerRef = null;
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                Map<String, Object> env = envByName(d).get(OPERATORS_ISSUER);
                if (ISSUER_HOLDERS.contains(name(d))) {
                    assertThat(env).as("%s of %s", OPERATORS_ISSUER, what).isNotNull();
                    Map<String, Object> ref = map(map(env.get("valueFrom")).get("configMapKeyRef"));
                    assertThat(ref).as("%s of %s from a ConfigMap", OPERATORS_ISSUER, what).containsKeys("name", "key");
                    if (issuerRef == null) {
                        issuerRef = ref;
                    }
                    assertThat(ref).as("one issuer URL for the gateway and the issuer (%s)", what).isEqualTo(issuerRef);
                } else {
                    assertThat(envNames(d)).as("env of %s", what).doesNotContain(OPERATORS_ISSUER);
                }
            }
            Map<String, Object> config = Kustomize.find(rendered(overlay), "ConfigMap", (String) issuerRef.get("name"));
            String issuer = String.valueOf(map(config.get("data")).get(issuerRef.get("key")));
            assertThat(issuer).as("the issuer URL of %s", overlay).matches("https?://[^/\\s]+").doesNotEndWith("/");
            if (overlay.equals("prod")) {
                assertThat(issuer).as("prod's issuer is its public URL").startsWith("https://").doesNotContain("localhost");
            }

            Map<String, Object> account = Kustomize.find(rendered(overlay), "Deployment", "account-service");
            Map<String, Object> ref = secretKeyRef(envByName(account).get(BOOTSTRAP_SECRET));
            assertThat(ref).as("%s of account-service", BOOTSTRAP_SECRET).containsKeys("name", "key");
            assertThat(ref.get("optional")).isNotEqualTo(true);
            for (Map<String, Object> w : workloads(overlay)) {
                if (!(w.get("kind").equals("Deployment") && name(w).equals("account-service"))) {
                    assertThat(envNames(w)).as("env of %s", name(w)).doesNotContain(BOOTSTRAP_SECRET);
                    assertThat(referencedSecrets(w.get("spec"))).as("Secrets of %s", name(w)).doesNotContain((String) ref.get("name"));
                }
            }
        }

        @Test
        void theDevOverlayBringsEverySecretItsPodsReadButTheIdentityKeys() {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind("dev", "Deployment"));
            workloads.addAll(ofKind("dev", "StatefulSet"));
            Set<String> identity = new TreeSet<>();
            for (Map<String, Object> w : workloads) {
                for (Map<String, Object> env : envByName(w).values()) {
                    Map<String, Object> ref = secretKeyRef(env);
                    if (ref.isEmpty() || Boolean.TRUE.equals(ref.get("optional"))) {
                        continue;
                    }
                    String name = (String) ref.get("name");
                    if (isIdentitySecret(name)) {
                        // made by k8s/identity-secrets.sh from a fresh run, in dev as in prod
                        identity.add(name);
                        continue;
                    }
                    Map<String, Object> secret = ofKind("dev", "Secret").stream().filter(s -> name.equals(name(s)))
                            .findFirst().orElseGet(() -> fail("dev has no Secret " + name + " for " + name(w)));
                    assertThat(map(secret.get("data"))).as("Secret %s", name).containsKey((String) ref.get("key"));
                }
            }
            assertThat(identity).containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of(JWKS_SECRET),
                    SIGNERS.stream().map(DeploymentManifestsTest::identitySecretOf)).toList());
            FIELD_KEYS.forEach((key, owner) -> {
                Map<String, Object> ref = secretKeyRef(envByName(Kustomize.find(rendered("dev"), "Deployment", owner)).get(key));
                Map<String, Object> secret = Kustomize.find(rendered("dev"), "Secret", (String) ref.get("name"));
                assertFieldKey(key, "dev overlay", decode(map(secret.get("data")).get(ref.get("key"))));
            });
        }

        @Test
        void identitySecretsScriptMakesTheSecretsTheDeploymentsReadFromOneRun(@TempDir Path tmp) throws Exception {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path args = tmp.resolve("args");
            Path applied = tmp.resolve("applied.yaml");
            // a stand-in kubectl: "create secret generic … --dry-run=client -o yaml" prints the Secret,
            // "apply -f -" keeps what it is given, every command line is recorded
            Path kubectl = bin.resolve("kubectl");
            Files.writeString(kubectl, """
                    #!/usr/bin/env bash
                    printf '%%s\\n' "$*" >> '%s'
                    if [[ " $* " == *" apply -f - "* ]]; then cat >> '%s'; echo --- >> '%s'; exit 0; fi
                    ns=""; name=""; data=()
                    while (($#)); do
                      case "$1" in
                        -n) ns="$2"; shift ;;
                        generic) name="$2"; shift ;;
                        --from-file=*) spec="${1#--from-file=}"; data+=("${spec%%%%=*}=$(base64 -w0 < "${spec#*=}")") ;;
                      esac
                      shift
                    done
                    printf 'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: %%s\\n  namespace: %%s\\ndata:\\n' "$name" "$ns"
                    for d in "${data[@]}"; do printf '  %%s: %%s\\n' "${d%%%%=*}" "${d#*=}"; done
                    """.formatted(args, applied, applied));
            kubectl.toFile().setExecutable(true);
            Map<String, String> env = Map.of("KUBECTL", kubectl.toString(),
                    "JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            Kustomize.Result result = Kustomize.run(List.of("bash", ROOT.resolve("k8s/identity-secrets.sh").toString(),
                    "paycloud-test"), env, tmp);
            assertThat(result.exit()).as(result.output()).isZero();

            Map<String, Map<String, String>> secrets = new TreeMap<>();
            for (Map<String, Object> s : Kustomize.readAll(Kustomize.read(applied))) {
                assertThat(s).containsEntry("kind", "Secret");
                assertThat(map(s.get("metadata"))).containsEntry("namespace", "paycloud-test");
                Map<String, String> data = new TreeMap<>();
                map(s.get("data")).forEach((k, v) -> data.put(k, decode(v)));
                secrets.put(name(s), data);
            }
            assertThat(secrets.keySet()).containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of(JWKS_SECRET),
                    SIGNERS.stream().map(DeploymentManifestsTest::identitySecretOf)).toList());
            // the names and keys the Deployments read
            for (Map<String, Object> d : apps("prod")) {
                for (String key : identityOf(name(d))) {
                    Map<String, Object> ref = secretKeyRef(envByName(d).get(key));
                    assertThat(secrets.get((String) ref.get("name"))).as("%s of %s", key, name(d))
                            .containsOnlyKeys((String) ref.get("key"));
                }
            }
            // one key pair per service: its private key verifies under its own kid in the JWK set only
            Map<String, PublicKey> publicKeys = publicKeys(secrets.get(JWKS_SECRET).get("jwks"));
            assertThat(publicKeys.keySet()).containsExactlyInAnyOrderElementsOf(SIGNERS);
            for (String signer : SIGNERS) {
                String encoded = secrets.get(identitySecretOf(signer)).get("private-key").strip();
                byte[] signature = sign(encoded, signer);
                publicKeys.forEach((kid, key) -> assertThat(verifies(key, signer, signature))
                        .as("%s's key verifies under kid %s", signer, kid).isEqualTo(kid.equals(signer)));
                // the keys never passed through a command line
                assertThat(Kustomize.read(args)).doesNotContain(encoded);
            }
        }

        /** The gateway's plain HTTP redirects to its HTTPS port as clients reach it, not as the pod listens. */
        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void theGatewaysPlainHttpRedirectsToThePublishedHttpsPort(String overlay) {
            Map<String, Object> gateway = Kustomize.find(rendered(overlay), "Deployment", "gateway-service");
            String redirect = String.valueOf(envByName(gateway).get("PAYCLOUD_EDGE_PLAINHTTP_REDIRECTPORT").get("value"));
            if (overlay.equals("dev")) {
                // the node port of the Service's https port, which local clusters publish
                Map<String, Object> https = list(map(Kustomize.find(rendered(overlay), "Service", "gateway-service").get("spec")).get("ports"))
                        .stream().map(Kustomize::map).filter(p -> "https".equals(p.get("name"))).findFirst().orElseThrow();
                assertThat(redirect).isEqualTo(String.valueOf(https.get("nodePort")));
            } else {
                // the port of the public URL that operators-issuer.yaml names
                URI issuer = URI.create(String.valueOf(map(Kustomize.find(rendered(overlay), "ConfigMap", "paycloud-operators")
                        .get("data")).get("issuer")));
                assertThat(issuer.getScheme()).isEqualTo("https");
                assertThat(redirect).isEqualTo(String.valueOf(issuer.getPort() == -1 ? 443 : issuer.getPort()));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void onlyTheGatewayTakesOutsideTraffic(String overlay) {
            for (Map<String, Object> svc : ofKind(overlay, "Service")) {
                Object type = map(svc.get("spec")).getOrDefault("type", "ClusterIP");
                if (!name(svc).equals("gateway-service")) {
                    assertThat(type).as("type of Service %s", name(svc)).isEqualTo("ClusterIP");
                }
            }
            assertThat(map(Kustomize.find(rendered(overlay), "Service", "gateway-service").get("spec")).get("type"))
                    .isIn("LoadBalancer", "NodePort");
            assertThat(ofKind(overlay, "Ingress")).allSatisfy(i -> assertThat(backends(i)).containsOnly("gateway-service"));

            List<Map<String, Object>> policies = ofKind(overlay, "NetworkPolicy");
            assertThat(policies).as("a default deny of ingress").anySatisfy(p -> {
                Map<String, Object> spec = map(p.get("spec"));
                assertThat(map(spec.get("podSelector"))).isEmpty();
                assertThat(strings(spec.get("policyTypes"))).contains("Ingress");
                assertThat(list(spec.get("ingress"))).isEmpty();
            });
            Set<String> open = new TreeSet<>();
            for (Map<String, Object> p : policies) {
                Map<String, Object> spec = map(p.get("spec"));
                for (Object rule : list(spec.get("ingress"))) {
                    List<Object> from = list(map(rule).get("from"));
                    List<Object> ports = list(map(rule).get("ports"));
                    boolean outside = from.isEmpty() || from.stream().map(Kustomize::map)
                            .anyMatch(peer -> peer.containsKey("ipBlock") || peer.containsKey("namespaceSelector"));
                    boolean managementOnly = !ports.isEmpty()
                            && ports.stream().allMatch(port -> isManagementPort(map(port).get("port")));
                    if (!outside || managementOnly) {
                        // Prometheus' namespace on management ports: managementPortsAdmitOnlyTheRegistryAndPrometheus
                        continue;
                    }
                    Map<String, Object> selector = map(spec.get("podSelector"));
                    open.add(String.valueOf(map(selector.get("matchLabels")).get("app.kubernetes.io/name")));
                    assertThat(selector).as("policy %s admits outside traffic", name(p))
                            .isEqualTo(Map.of("matchLabels", Map.of("app.kubernetes.io/name", "gateway-service")));
                    assertThat(ports).as("policy %s admits outside traffic to the API port only", name(p)).isNotEmpty()
                            .allSatisfy(port -> assertThat(map(port).get("port"))
                                    .isIn(API_PORT.get("gateway-service"), GATEWAY_HTTPS_PORT, "http", "https"));
                }
            }
            assertThat(open).containsExactly("gateway-service");
            // every workload is covered by the default deny, and its own pods by some allow rule
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(overlay, "Deployment"));
            workloads.addAll(ofKind(overlay, "StatefulSet"));
            for (Map<String, Object> w : workloads) {
                Map<String, Object> labels = templateLabels(w);
                assertThat(policies).as("an allow rule for %s", name(w)).anySatisfy(p -> {
                    Map<String, Object> selector = map(map(p.get("spec")).get("podSelector"));
                    assertThat(selector).isNotEmpty();
                    assertThat(selects(selector, labels)).isTrue();
                    assertThat(list(map(p.get("spec")).get("ingress"))).isNotEmpty();
                });
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void gatewayPaymentAndAccountAutoscaleAndEveryServiceHasADisruptionBudget(String overlay) {
            Map<String, Map<String, Object>> hpas = ofKind(overlay, "HorizontalPodAutoscaler").stream()
                    .collect(Collectors.toMap(Kustomize::name, h -> h));
            assertThat(hpas.keySet()).containsExactlyInAnyOrderElementsOf(AUTOSCALED);
            for (Map<String, Object> hpa : hpas.values()) {
                Map<String, Object> spec = map(hpa.get("spec"));
                assertThat(map(spec.get("scaleTargetRef"))).containsEntry("kind", "Deployment")
                        .containsEntry("name", name(hpa));
                assertThat(((Number) spec.get("maxReplicas")).intValue())
                        .isGreaterThan(((Number) spec.get("minReplicas")).intValue());
                assertThat(list(spec.get("metrics"))).isNotEmpty();
            }
            Set<String> budgets = ofKind(overlay, "PodDisruptionBudget").stream()
                    .map(p -> String.valueOf(map(map(map(p.get("spec")).get("selector")).get("matchLabels"))
                            .get("app.kubernetes.io/name")))
                    .collect(Collectors.toSet());
            assertThat(budgets).containsAll(SERVICES);
        }

        /**
         * The autoscaled Deployments carry no replica count in any overlay: it is their autoscaler's, and
         * a count in the manifest would be put back by every apply, undoing what the autoscaler decided.
         * Prod keeps at least two of each on the payment path, dev one of everything.
         */
        @Test
        void theAutoscalersOwnTheReplicaCountsWithTwoAtLeastInProdAndOneInDev() {
            for (String overlay : List.of("dev", "prod")) {
                for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
                    if (AUTOSCALED.contains(name(d))) {
                        assertThat(map(d.get("spec"))).as("%s replicas of %s", overlay, name(d)).doesNotContainKey("replicas");
                        int min = ((Number) map(Kustomize.find(rendered(overlay), "HorizontalPodAutoscaler", name(d))
                                .get("spec")).get("minReplicas")).intValue();
                        assertThat(min).as("%s minReplicas of %s", overlay, name(d)).isEqualTo(overlay.equals("prod") ? 2 : 1);
                    } else {
                        assertThat(map(d.get("spec"))).as("%s replicas of %s", overlay, name(d)).containsKey("replicas");
                        assertThat(replicas(d)).isEqualTo(1);
                    }
                }
                assertThat(replicas(Kustomize.find(rendered(overlay), "StatefulSet", "registry-service")))
                        .as("%s registry peers", overlay).isEqualTo(2);
            }
        }

        /**
         * Two Eureka peers with stable names: each names itself after its pod and lists both peers, and
         * every service lists both; the peers' names resolve before they are ready, and the console's
         * Service keeps a browser on one peer.
         */
        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void twoRegistryPeersWithStableNamesListedByEveryService(String overlay) {
            Map<String, Object> registry = Kustomize.find(rendered(overlay), "StatefulSet", "registry-service");
            Map<String, Object> spec = map(registry.get("spec"));
            assertThat(spec).containsEntry("serviceName", "registry-peers").containsEntry("podManagementPolicy", "Parallel");
            Map<String, Object> peers = map(Kustomize.find(rendered(overlay), "Service", "registry-peers").get("spec"));
            assertThat(peers).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
            assertThat(map(Kustomize.find(rendered(overlay), "Service", "registry-service").get("spec")))
                    .containsEntry("sessionAffinity", "ClientIP");
            Map<String, Map<String, Object>> env = envByName(registry);
            assertThat(map(map(env.get("POD_NAME").get("valueFrom")).get("fieldRef"))).containsEntry("fieldPath", "metadata.name");
            assertThat(env.get("EUREKA_INSTANCE_HOSTNAME")).containsEntry("value", "$(POD_NAME).registry-peers");
            assertThat(env.get("EUREKA_PEERS")).containsEntry("value", EUREKA_URL_FROM_SECRET);
            List<String> names = envNames(registry);
            assertThat(names.indexOf("POD_NAME")).isLessThan(names.indexOf("EUREKA_INSTANCE_HOSTNAME"));
            for (String key : REGISTRY_CREDENTIAL) {
                assertThat(names.indexOf(key)).isLessThan(names.indexOf("EUREKA_PEERS"));
            }
            assertThat(EUREKA_URL_FROM_SECRET).contains("@registry-service-0.registry-peers:8761/eureka/,")
                    .endsWith("@registry-service-1.registry-peers:8761/eureka/");
        }

        /**
         * TLS on every hop (docs/tls.md): each application mounts its own cert-manager Secret only, at
         * PAYCLOUD_TLS_DIR under the names its SSL bundle reads (no subPath, so renewals arrive); its
         * Certificate, from the overlay's Issuer paycloud-ca, names what callers verify: the Service, and
         * the name it registers in Eureka: its address in dashed form under the headless Service
         * {@code <application>-pods}, as the cluster DNS publishes a Deployment's pods (the registry's
         * StatefulSet pods under their own names, {@code <pod>.registry-peers}), before the pod is ready.
         */
        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyApplicationMountsItsOwnCertificateWhoseNamesAreTheOnesItIsCalledBy(String overlay) {
            assertThat(ofKind(overlay, "Issuer")).extracting(Kustomize::name).contains("paycloud-ca");
            List<Map<String, Object>> certificates = ofKind(overlay, "Certificate");
            for (Map<String, Object> d : apps(overlay)) {
                String app = name(d);
                String what = overlay + "/" + app;
                Map<String, Object> certificate = certificates.stream().filter(c -> name(c).equals(app)).findFirst()
                        .orElseThrow(() -> new AssertionError("no Certificate " + app + " in " + overlay));
                Map<String, Object> spec = map(certificate.get("spec"));
                assertThat(spec).as("Certificate of %s", what).containsEntry("secretName", app + "-tls");
                assertThat(map(spec.get("issuerRef"))).containsEntry("name", "paycloud-ca").containsEntry("kind", "Issuer");
                assertThat(strings(spec.get("usages"))).contains("server auth", "client auth");
                assertThat(map(spec.get("privateKey"))).containsEntry("encoding", "PKCS8").containsEntry("rotationPolicy", "Always");
                List<String> names = strings(spec.get("dnsNames"));
                assertThat(names).as("names of %s", what).contains(app, "localhost");

                // its own Secret and no other, mounted where PAYCLOUD_TLS_DIR points
                List<Map<String, Object>> secretVolumes = list(podSpec(d).get("volumes")).stream().map(Kustomize::map)
                        .filter(v -> v.containsKey("secret")).toList();
                assertThat(secretVolumes).as("Secret volumes of %s", what).singleElement().satisfies(v -> {
                    Map<String, Object> secret = map(v.get("secret"));
                    assertThat(secret).containsEntry("secretName", app + "-tls");
                    assertThat(list(secret.get("items")).stream().map(i -> map(i).get("key") + "=" + map(i).get("path")))
                            .containsExactlyInAnyOrder("tls.crt=" + app + ".crt", "tls.key=" + app + ".key", "ca.crt=ca.crt");
                    for (Map<String, Object> c : containers(d)) {
                        assertThat(list(c.get("volumeMounts")).stream().map(Kustomize::map)
                                .filter(m -> m.get("name").equals(v.get("name"))))
                                .as("mount of %s's certificate", what).singleElement().satisfies(m -> assertThat(m)
                                        .containsEntry("mountPath", "/run/paycloud/tls").containsEntry("readOnly", true)
                                        .doesNotContainKey("subPath"));
                    }
                });

                // the name it registers in Eureka is one its certificate carries
                Map<String, Map<String, Object>> env = envByName(d);
                String domain = app.equals("registry-service") ? "registry-peers" : app + "-pods";
                assertThat(names).as("names of %s", what).contains("*." + domain, "*." + domain + ".paycloud.svc");
                Map<String, Object> headless = map(Kustomize.find(rendered(overlay), "Service", domain).get("spec"));
                assertThat(headless).as("Service %s", domain).containsEntry("clusterIP", "None")
                        .containsEntry("publishNotReadyAddresses", true);
                assertThat(map(headless.get("selector"))).containsEntry("app.kubernetes.io/name", app);
                if (app.equals("registry-service")) {
                    // a StatefulSet's pods have names of their own, <pod>.<serviceName>
                    assertThat(map(d.get("spec"))).containsEntry("serviceName", domain);
                    assertThat(map(map(env.get("POD_NAME").get("valueFrom")).get("fieldRef"))).containsEntry("fieldPath", "metadata.name");
                    assertThat(env.get("EUREKA_INSTANCE_HOSTNAME")).as("Eureka hostname of %s", what)
                            .containsEntry("value", "$(POD_NAME)." + domain);
                } else {
                    // a Deployment's pods have none: DNS publishes each under the headless Service by its
                    // address in dashed form, which PodDnsName registers (no hostname: Kubernetes would
                    // publish <hostname>.<subdomain> only for a hostname set in the spec, one for all pods)
                    assertThat(env).as("env of %s", what).doesNotContainKey("EUREKA_INSTANCE_HOSTNAME");
                    assertThat(podSpec(d)).as("pod of %s", what).doesNotContainKey("hostname");
                    assertThat(map(map(env.get("PAYCLOUD_POD_IP").get("valueFrom")).get("fieldRef")))
                            .containsEntry("fieldPath", "status.podIP");
                    assertThat(env.get("PAYCLOUD_POD_SUBDOMAIN")).as(what).containsEntry("value", domain);
                    assertThat(env.get("EUREKA_INSTANCE_PREFERIPADDRESS")).as(what).containsEntry("value", "false");
                    String registered = "10-244-3-7." + domain;
                    assertThat(names).as("names of %s", what).anySatisfy(n -> assertThat(covers(n, registered)).isTrue());
                }
            }
            // the dev overlay makes its CA in the cluster; prod's Issuer signs with the operator's
            Map<String, Object> issuer = map(Kustomize.find(rendered(overlay), "Issuer", "paycloud-ca").get("spec"));
            assertThat(map(issuer.get("ca"))).containsEntry("secretName", "paycloud-ca");
            if (overlay.equals("dev")) {
                assertThat(certificates).anySatisfy(c -> assertThat(map(c.get("spec"))).containsEntry("isCA", true)
                        .containsEntry("secretName", "paycloud-ca"));
            } else {
                assertThat(certificates).noneSatisfy(c -> assertThat(map(c.get("spec"))).containsEntry("isCA", true));
            }
        }

        @Test
        void devRunsMySqlAndRedisInTheNamespaceAndProdPointsAtExternalOnes() {
            assertThat(ofKind("dev", "StatefulSet")).extracting(Kustomize::name)
                    .containsExactlyInAnyOrder("mysql", "redis", "registry-service");
            assertThat(containers(Kustomize.find(rendered("dev"), "StatefulSet", "mysql")).get(0).get("image"))
                    .isEqualTo("mysql:8.4");
            assertThat(containers(Kustomize.find(rendered("dev"), "StatefulSet", "redis")).get(0).get("image"))
                    .isEqualTo("redis:7");
            assertThat(ofKind("prod", "StatefulSet")).extracting(Kustomize::name).containsExactly("registry-service");
            Map<String, Object> dev = map(Kustomize.find(rendered("dev"), "ConfigMap", "paycloud-config").get("data"));
            Map<String, Object> prod = map(Kustomize.find(rendered("prod"), "ConfigMap", "paycloud-config").get("data"));
            assertThat(dev).containsEntry("DB_HOST", "mysql").containsEntry("REDIS_HOST", "redis");
            assertThat(prod.get("DB_HOST")).isNotEqualTo("mysql");
            assertThat(prod.get("REDIS_HOST")).isNotEqualTo("redis");
            assertThat(Kustomize.find(rendered("dev"), "ConfigMap", "mysql-init")).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void eurekaStaysTheDiscoveryWithTheRegistryCredentialFromASecret(String overlay) {
            Map<String, Object> config = map(Kustomize.find(rendered(overlay), "ConfigMap", "paycloud-config").get("data"));
            assertThat(config).containsEntry("SPRING_PROFILES_ACTIVE", "k8s,tls")
                    .containsEntry("PAYCLOUD_TLS_DIR", "/run/paycloud/tls")
                    .containsKeys("DB_HOST", "DB_PORT", "REDIS_HOST", "REDIS_PORT")
                    .as("EUREKA_URL holds the registry password: never in a ConfigMap").doesNotContainKey("EUREKA_URL");
            Map<String, Object> registrySvc = map(Kustomize.find(rendered(overlay), "Service", "registry-service").get("spec"));
            assertThat(list(registrySvc.get("ports"))).anySatisfy(p -> assertThat(map(p).get("port")).isEqualTo(8761));
            Map<String, Map<String, Object>> registry = envByName(Kustomize.find(rendered(overlay), "StatefulSet", "registry-service"));
            for (Map<String, Object> d : apps(overlay)) {
                String what = overlay + "/" + name(d);
                List<String> names = envNames(d);
                for (String key : REGISTRY_CREDENTIAL) {
                    Map<String, Object> ref = secretKeyRef(envByName(d).get(key));
                    assertThat(ref).as("%s of %s", key, what).containsEntry("name", "registry-credentials")
                            .isEqualTo(secretKeyRef(registry.get(key)));
                }
                if (!name(d).equals("registry-service")) {
                    // a $(VAR) in a value is expanded only from variables defined before it
                    assertThat(envByName(d).get("EUREKA_URL")).as("EUREKA_URL of %s", what)
                            .containsEntry("value", EUREKA_URL_FROM_SECRET);
                    for (String key : REGISTRY_CREDENTIAL) {
                        assertThat(names.indexOf(key)).as("%s before EUREKA_URL in %s", key, what)
                                .isLessThan(names.indexOf("EUREKA_URL"));
                    }
                }
                for (Map<String, Object> c : containers(d)) {
                    assertThat(list(c.get("envFrom"))).as("config of %s", name(d)).anySatisfy(from ->
                            assertThat(map(map(from).get("configMapRef")).get("name")).isEqualTo("paycloud-config"));
                }
                assertThat(podSpec(d).get("enableServiceLinks")).as("service links of %s", name(d)).isEqualTo(false);
            }
        }

        @Test
        void everyServiceHasItsOwnFileInBase() {
            for (String service : SERVICES) {
                List<Map<String, Object>> docs = Kustomize.readAll(ROOT.resolve("k8s/base/" + service + ".yaml"));
                String workload = service.equals("registry-service") ? "StatefulSet/" : "Deployment/";
                assertThat(docs).extracting(d -> d.get("kind") + "/" + name(d))
                        .contains(workload + service, "Service/" + service, "PodDisruptionBudget/" + service);
            }
        }

        @Test
        void theFallbackRendererAgreesWithKustomize() {
            Optional<List<String>> kustomize = Kustomize.realKustomize();
            // without a real kustomize there is nothing to compare with: reported as skipped, not passed
            assumeTrue(kustomize.isPresent(), "no kustomize or kubectl on this machine: the overlays were rendered by the fallback only");
            for (String overlay : List.of("dev", "prod")) {
                Map<String, Object> real = byId(rendered(overlay));
                Map<String, Object> subset = byId(Kustomize.renderWithSubset(ROOT.resolve("k8s/overlays/" + overlay)));
                assertThat(real).as("kustomize's rendering of %s", overlay).isNotEmpty();
                assertThat(subset).as("fallback rendering of %s", overlay).isEqualTo(real);
            }
        }
    }

    @Nested
    class Compose {

        Map<String, Object> compose = Kustomize.readOne(ROOT.resolve("docker-compose.yml"));
        Map<String, Object> services = map(compose.get("services"));

        Map<String, Object> environment(String service) {
            return map(map(services.get(service)).get("environment"));
        }

        /** {@code ${VAR:?message}}: required, compose stops naming it when unset or empty. */
        Pattern required(String variable) {
            return Pattern.compile("\\$\\{" + Pattern.quote(variable) + ":\\?[^}]+}");
        }

        @Test
        void runsMySqlRedisTwoRegistryPeersTheGatewayAndTheFourServices() {
            // the registry twice: two Eureka peers; tls-init, which makes the certificates first
            // and Prometheus and Grafana in the monitoring profile (ComposeMonitoringTest)
            assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(Stream.concat(
                    Stream.of("mysql", "redis", "registry-service-2", "tls-init", "prometheus", "grafana"), SERVICES.stream()).toList());
            // the public images unless a variable names others (bin/compose-check's Debian stand-ins)
            assertThat(map(services.get("mysql")).get("image")).isEqualTo("${PAYCLOUD_MYSQL_IMAGE:-mysql:8.4}");
            assertThat(map(services.get("redis")).get("image")).isEqualTo("${PAYCLOUD_REDIS_IMAGE:-redis:7}");
            for (String service : SERVICES) {
                Map<String, Object> s = map(services.get(service));
                assertThat(map(map(s.get("build")).get("args"))).as("build of %s", service)
                        .containsEntry("SERVICE", service)
                        .containsEntry("JDK_IMAGE", "${PAYCLOUD_JDK_IMAGE:-eclipse-temurin:17-jdk}")
                        .containsEntry("JRE_IMAGE", "${PAYCLOUD_JRE_IMAGE:-eclipse-temurin:17-jre}");
                assertThat(environment(service)).as("environment of %s", service)
                        .containsEntry("SPRING_PROFILES_ACTIVE", "docker,tls")
                        // the ports the health check script and the scrape config assume
                        .doesNotContainKeys("PORT", "SERVER_PORT", "MANAGEMENT_PORT", "MANAGEMENT_SERVER_PORT");
            }
        }

        @Test
        void everyContainerHasAHealthcheckAndAMemoryLimit() {
            services.forEach((name, value) -> {
                Map<String, Object> s = map(value);
                if (name.equals(TLS_INIT)) {
                    // one-shot: the others wait for it to have exited 0, and it is never restarted
                    assertThat(s).as(name).doesNotContainKey("healthcheck").containsEntry("restart", "no");
                } else {
                    assertThat(strings(map(s.get("healthcheck")).get("test"))).as("healthcheck of %s", name).isNotEmpty();
                }
                Object limit = Optional.ofNullable(s.get("mem_limit")).orElse(
                        map(map(map(s.get("deploy")).get("resources")).get("limits")).get("memory"));
                assertThat(limit).as("memory limit of %s", name).isNotNull();
            });
            // the applications' health check is docker/healthcheck.sh: readiness on the management port
            for (String service : SERVICES) {
                assertThat(strings(map(map(services.get(service)).get("healthcheck")).get("test")))
                        .as("healthcheck of %s", service).containsExactly("CMD", "healthcheck");
            }
        }

        @Test
        void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
            services.forEach((name, value) -> {
                Object dependsOn = map(value).get("depends_on");
                if (dependsOn != null) {
                    assertThat(dependsOn).as("depends_on of %s uses conditions", name).isInstanceOf(Map.class);
                    map(dependsOn).forEach((dep, cond) -> assertThat(map(cond).get("condition"))
                            .as("%s waits for %s", name, dep)
                            .isEqualTo(dep.equals(TLS_INIT) ? "service_completed_successfully" : "service_healthy"));
                }
            });
            for (String service : SERVICES) {
                if (!service.equals("registry-service")) {
                    assertThat(map(map(services.get(service)).get("depends_on"))).as(service)
                            .containsKey("registry-service");
                }
            }
            // Redis is the gateway's (rate limits), account-service's (sessions) and risk-service's
            // (velocity); payment- and analytics-service neither wait for it nor are told where it is
            for (String service : SERVICES) {
                Map<String, Object> definition = map(services.get(service));
                Object dependsOn = definition.get("depends_on");
                boolean usesRedis = REDIS_USERS.contains(service);
                assertThat(dependsOn == null ? Map.of() : map(dependsOn)).as("%s waits for Redis", service)
                        .matches(deps -> deps.containsKey("redis") == usesRedis);
                assertThat(map(definition.get("environment"))).as("%s is told where Redis is", service)
                        .matches(env -> env.containsKey("REDIS_HOST") == usesRedis);
            }
            DATABASE_OF.keySet().forEach(s -> assertThat(map(map(services.get(s)).get("depends_on"))).containsKey("mysql"));
        }

        @Test
        void onlyTheGatewayTheAdminConsoleAndGrafanaArePublishedOnLoopbackAndNoManagementPort() {
            Map<String, Set<Integer>> published = new TreeMap<>();
            Map<String, String> hosts = new TreeMap<>();
            services.forEach((name, value) -> {
                // tls-init alone has no network at all
                if (name.equals(TLS_INIT)) {
                    assertThat(map(value)).as(name).containsEntry("network_mode", "none").doesNotContainKey("ports");
                    return;
                }
                assertThat(map(value)).as("%s publishes with ports: only", name).doesNotContainKey("network_mode");
                for (Object port : list(map(value).get("ports"))) {
                    published.computeIfAbsent(name, n -> new TreeSet<>()).add(containerPort(port));
                    hosts.put(name, hostAddress(port));
                }
            });
            // the gateway: HTTPS, and plain HTTP that only redirects to it
            assertThat(published).isEqualTo(Map.of("gateway-service", Set.of(GATEWAY_HTTPS_PORT, API_PORT.get("gateway-service")),
                    "registry-service", Set.of(API_PORT.get("registry-service")), "grafana", Set.of(3000)));
            assertThat(hosts.get("grafana")).isEqualTo("127.0.0.1");
            assertThat(published.values().stream().flatMap(Set::stream))
                    .as("management ports are never published").doesNotContainAnyElementsOf(MANAGEMENT_PORT.values());
            // the admin console on loopback, always; the gateway on loopback unless PAYCLOUD_GATEWAY_BIND says otherwise
            assertThat(hosts.get("registry-service")).isEqualTo("127.0.0.1");
            assertThat(hosts.get("gateway-service")).matches("\\$\\{[A-Z_]+:-127\\.0\\.0\\.1}");
        }

        @Test
        void noKeyOrPasswordHasADefault() {
            String text = Kustomize.read(ROOT.resolve("docker-compose.yml"));
            Pattern reference = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
            Matcher m = reference.matcher(text);
            int required = 0;
            while (m.find()) {
                if (SECRET_NAME.matcher(m.group(1)).matches()) {
                    assertThat(m.group(2)).as("%s: ${%s:?…}, no default", m.group(), m.group(1)).isEqualTo(":?");
                    assertThat(m.group(3)).as("the message of %s", m.group(1)).isNotBlank();
                    required++;
                }
            }
            assertThat(required).isGreaterThan(30);
            // and every credential an environment names comes from such a variable, never written in
            services.forEach((name, value) -> map(map(value).get("environment")).forEach((key, v) -> {
                if (SECRET_NAME.matcher(key).matches()) {
                    assertThat(String.valueOf(v)).as("%s of %s", key, name).matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
            }));
            for (Map.Entry<String, String> e : DATABASE_OF.entrySet()) {
                assertThat(environment(e.getKey())).containsEntry("DB_USER", e.getValue()).containsEntry("DB_HOST", "mysql");
                assertThat(String.valueOf(environment(e.getKey()).get("DB_PASSWORD")))
                        .matches(required(e.getValue().toUpperCase() + "_DB_PASSWORD"));
                String owner = OWNER_OF.get(e.getValue());
                if (owner == null) {
                    assertThat(environment(e.getKey())).doesNotContainKeys("DB_OWNER_USER", "DB_OWNER_PASSWORD");
                } else {
                    assertThat(environment(e.getKey())).containsEntry("DB_OWNER_USER", owner);
                    assertThat(String.valueOf(environment(e.getKey()).get("DB_OWNER_PASSWORD")))
                            .matches(required(e.getValue().toUpperCase() + "_OWNER_DB_PASSWORD"));
                    assertThat(String.valueOf(environment("mysql").get(e.getValue().toUpperCase() + "_OWNER_DB_PASSWORD")))
                            .matches(required(e.getValue().toUpperCase() + "_OWNER_DB_PASSWORD"));
                }
            }
            OLD_IDENTITY.forEach(old -> assertThat(text).doesNotContain(old));
        }

        /** The Eureka URL of one registry peer, with the registry credential from the environment. */
        private String peer(String host) {
            return "https://" + required("PAYCLOUD_REGISTRY_USERNAME").pattern() + ":"
                    + required("PAYCLOUD_REGISTRY_PASSWORD").pattern() + "@" + host + ":8761/eureka/";
        }

        /**
         * Every service lists both registry peers, with the registry credential; each peer names itself
         * and lists both, the other first: listing each other makes them replicate each other, and the
         * other first makes a peer that starts again copy the registry from it.
         */
        @Test
        void eurekaUrlsListBothRegistryPeersWithTheRegistryCredential() {
            Pattern both = Pattern.compile(peer("registry-service") + "," + peer("registry-service-2"));
            for (String service : SIGNERS) {
                assertThat(String.valueOf(environment(service).get("EUREKA_URL"))).as("EUREKA_URL of %s", service)
                        .matches(both);
                assertThat(map(map(services.get(service)).get("depends_on"))).as(service)
                        .containsKeys("registry-service", "registry-service-2");
            }
            assertThat(environment("registry-service")).containsEntry("EUREKA_INSTANCE_HOSTNAME", "registry-service");
            assertThat(String.valueOf(environment("registry-service").get("EUREKA_PEERS")))
                    .matches(Pattern.compile(peer("registry-service-2") + "," + peer("registry-service")));
            assertThat(environment("registry-service-2")).containsEntry("EUREKA_INSTANCE_HOSTNAME", "registry-service-2");
            assertThat(String.valueOf(environment("registry-service-2").get("EUREKA_PEERS"))).matches(both);
            for (String registry : List.of("registry-service", "registry-service-2")) {
                for (String key : REGISTRY_CREDENTIAL) {
                    assertThat(String.valueOf(environment(registry).get(key))).as("%s of %s", key, registry)
                            .matches(required(key));
                }
                assertThat(map(services.get(registry)).get("image")).isEqualTo("paycloud/registry-service:local");
            }
        }

        @Test
        void eachServiceGetsTheJwkSetAndItsOwnPrivateKeyOnly() {
            Pattern anyPrivateKey = Pattern.compile("PAYCLOUD_IDENTITY_PRIVATE_KEY_([A-Z_]+)");
            for (String service : SERVICES) {
                Map<String, Object> env = environment(service);
                assertThat(env.keySet().stream().filter(k -> k.startsWith("PAYCLOUD_IDENTITY_")))
                        .as("identity of %s", service).containsExactlyInAnyOrderElementsOf(identityOf(service));
                String own = "PAYCLOUD_IDENTITY_PRIVATE_KEY_" + service.toUpperCase().replace('-', '_');
                if (SIGNERS.contains(service)) {
                    assertThat(String.valueOf(env.get(JWKS))).as("JWK set of %s", service).matches(required(JWKS));
                    assertThat(String.valueOf(env.get(PRIVATE_KEY))).as("private key of %s", service).matches(required(own));
                }
                // no other service's private key, under any name
                for (Object value : env.values()) {
                    Matcher m = anyPrivateKey.matcher(String.valueOf(value));
                    while (m.find()) {
                        assertThat(m.group()).as("a private key in the environment of %s", service).isEqualTo(own);
                    }
                }
            }
        }

        @Test
        void theOperatorsIssuerUrlIsTheGatewaysAndTheIssuersAndTheFirstAdministratorsSecretAccountServicesAlone() {
            Object issuer = environment("gateway-service").get(OPERATORS_ISSUER);
            assertThat(String.valueOf(issuer)).as("%s of the gateway", OPERATORS_ISSUER)
                    .matches("\\$\\{" + OPERATORS_ISSUER + ":-https?://[^}/]+}");
            for (String service : SERVICES) {
                if (ISSUER_HOLDERS.contains(service)) {
                    assertThat(environment(service).get(OPERATORS_ISSUER)).as("%s of %s: the same as the gateway's",
                            OPERATORS_ISSUER, service).isEqualTo(issuer);
                } else {
                    assertThat(environment(service)).as("environment of %s", service).doesNotContainKey(OPERATORS_ISSUER);
                }
            }
            assertThat(String.valueOf(environment("account-service").get(BOOTSTRAP_SECRET))).matches(required(BOOTSTRAP_SECRET));
            services.forEach((name, value) -> {
                if (!name.equals("account-service")) {
                    assertThat(map(map(value).get("environment"))).as("environment of %s", name).doesNotContainKey(BOOTSTRAP_SECRET);
                }
            });
        }

        @Test
        void noServiceHasASharedOpsLoginTheMonitoringCredentialIsEveryonesAndEachFieldKeyItsOwners() {
            for (String service : SERVICES) {
                Map<String, Object> env = environment(service);
                assertThat(env).as("environment of %s", service).doesNotContainKeys(OPS_LOGIN.toArray(String[]::new));
                MONITORING_CREDENTIAL.forEach(key -> assertThat(String.valueOf(env.get(key))).as("%s of %s", key, service)
                        .matches(required(key)));
            }
            FIELD_KEYS.forEach((key, owner) -> {
                assertThat(String.valueOf(environment(owner).get(key))).matches(required(key));
                services.forEach((name, value) -> {
                    if (!name.equals(owner)) {
                        assertThat(map(map(value).get("environment"))).as("environment of %s", name).doesNotContainKey(key);
                    }
                });
            });
        }

        /**
         * Every hop is TLS in compose (docs/tls.md): each application runs with the profile tls and mounts
         * its own certificate volume alone, read-only, where PAYCLOUD_TLS_DIR points; the CA's volume (with
         * its key) is tls-init's only; every container that needs a certificate waits for tls-init; MySQL
         * and Redis serve TLS only, and no service turns their verification off.
         */
        @Test
        void everyApplicationMountsOnlyItsOwnCertificatesAndTheDataStoresServeTlsOnly() {
            Map<String, String> certificateOf = new TreeMap<>();
            SERVICES.forEach(s -> certificateOf.put(s, s));
            certificateOf.put("registry-service-2", "registry-service");
            certificateOf.put("mysql", "mysql");
            certificateOf.put("redis", "redis");
            certificateOf.put("prometheus", "prometheus");
            services.forEach((name, value) -> {
                List<String> tlsVolumes = strings(map(value).get("volumes")).stream().filter(v -> v.startsWith("tls-")).toList();
                if (name.equals(TLS_INIT)) {
                    assertThat(tlsVolumes).as(name).contains("tls-ca:/ca")
                            .containsAll(certificateOf.values().stream().distinct().map(c -> "tls-" + c + ":/out/" + c).toList());
                    return;
                }
                assertThat(tlsVolumes).as("certificate volumes of %s", name).doesNotContain("tls-ca:/ca");
                if (certificateOf.containsKey(name)) {
                    assertThat(tlsVolumes).as("certificate volumes of %s", name).hasSize(1)
                            .allSatisfy(v -> assertThat(v).startsWith("tls-" + certificateOf.get(name) + ":").endsWith(":ro"));
                    assertThat(map(map(value).get("depends_on"))).as(name).containsKey(TLS_INIT);
                } else {
                    assertThat(tlsVolumes).as("certificate volumes of %s", name).isEmpty();
                }
            });
            for (String application : certificateOf.keySet()) {
                if (SERVICES.contains(application) || application.equals("registry-service-2")) {
                    assertThat(environment(application)).as(application)
                            .containsEntry("SPRING_PROFILES_ACTIVE", "docker,tls")
                            .containsEntry("PAYCLOUD_TLS_DIR", "/run/paycloud/tls")
                            .doesNotContainKeys("DB_SSL_MODE", "REDIS_TLS");
                    assertThat(strings(map(services.get(application)).get("volumes")))
                            .contains("tls-" + certificateOf.get(application) + ":/run/paycloud/tls:ro");
                }
            }
            for (String user : List.of("gateway-service", "payment-service", "account-service", "risk-service", "analytics-service")) {
                assertThat(environment(user)).as(user).containsEntry("PAYCLOUD_DATASTORE_CA", "/run/paycloud/tls/ca.crt");
            }
            // the docker profile's JDBC TLS as it is: VERIFY_IDENTITY against PAYCLOUD_DATASTORE_CA (common-lib's
            // DatastoreTrustStore gives MySQL Connector/J that CA as a trust store)
            DATABASE_OF.keySet().forEach(s -> assertThat(environment(s)).as("environment of %s", s)
                    .doesNotContainKeys("PAYCLOUD_DATASTORES_JDBC_TLS", "PAYCLOUD_DATASTORES_JDBCTLS", "DB_URL"));
            assertThat(strings(map(services.get("mysql")).get("command")))
                    .contains("--require-secure-transport=ON", "--ssl-cert=/etc/mysql/tls/mysql.crt", "--ssl-key=/etc/mysql/tls/mysql.key");
            List<String> redis = strings(map(services.get("redis")).get("command"));
            assertThat(redis.get(redis.indexOf("--port") + 1)).as("Redis's plain port").isEqualTo("0");
            assertThat(redis.get(redis.indexOf("--tls-port") + 1)).isEqualTo("6379");
            assertThat(Kustomize.read(ROOT.resolve("docker-compose.yml"))).doesNotContain("DISABLED", "REDIS_TLS");
        }

        @Test
        void mysqlRunsTheInitScriptsOfDockerMysqlInit() {
            assertThat(strings(map(services.get("mysql")).get("volumes")))
                    .anySatisfy(v -> assertThat(v).startsWith("./docker/mysql/init:/docker-entrypoint-initdb.d"));
        }

        @Test
        void composeToolingAcceptsTheFileWithEverySecretSetAndRefusesItWithout(@TempDir Path tmp) throws IOException {
            List<String> tool = Stream.of(List.of("docker", "compose"), List.of("docker-compose"))
                    .filter(t -> Kustomize.run(Stream.concat(t.stream(), Stream.of("version")).toList()).exit() == 0)
                    .findFirst().orElse(null);
            // without a compose tool the file was checked structurally only: reported as skipped, not passed
            assumeTrue(tool != null, "no docker compose plugin or docker-compose on this machine");
            log.info("validating docker-compose.yml with '{}'", String.join(" ", tool));

            // every variable the file requires, with throwaway values, the JWK set quoted as bin/identity-keys.java writes it
            Set<String> variables = new TreeSet<>();
            Matcher m = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(Kustomize.read(ROOT.resolve("docker-compose.yml")));
            while (m.find()) {
                variables.add(m.group(1));
            }
            assertThat(variables).contains(JWKS, "PAYCLOUD_REGISTRY_PASSWORD", "PAYCLOUD_MONITORING_PASSWORD", BOOTSTRAP_SECRET);
            StringBuilder envFile = new StringBuilder();
            for (String v : variables) {
                envFile.append(v).append('=').append(v.equals(JWKS) ? "'{\"keys\":[]}'" : "value-of-" + v).append('\n');
            }
            Path env = Files.writeString(tmp.resolve("test.env"), envFile.toString());
            Path empty = Files.writeString(tmp.resolve("empty.env"), "");

            // only the env file counts: the caller's environment may hold some of these variables
            Map<String, String> unset = new HashMap<>();
            variables.forEach(v -> unset.put(v, null));
            Kustomize.Result ok = Kustomize.run(config(tool, env, false), unset, tmp);
            assertThat(ok.exit()).as(ok.output()).isZero();
            Matcher start = Pattern.compile("(?m)^services:").matcher(ok.output());
            assertThat(start.find()).as(ok.output()).isTrue();
            Map<String, Object> resolved = map(Kustomize.readAll(ok.output().substring(start.start())).get(0).get("services"));
            for (String service : SIGNERS) {
                Map<String, Object> environment = map(map(resolved.get(service)).get("environment"));
                String own = "PAYCLOUD_IDENTITY_PRIVATE_KEY_" + service.toUpperCase().replace('-', '_');
                assertThat(environment).as("resolved environment of %s", service)
                        .containsEntry(PRIVATE_KEY, "value-of-" + own)
                        .containsEntry(JWKS, "{\"keys\":[]}")
                        .containsEntry("EUREKA_URL", "https://value-of-PAYCLOUD_REGISTRY_USERNAME:"
                                + "value-of-PAYCLOUD_REGISTRY_PASSWORD@registry-service:8761/eureka/,"
                                + "https://value-of-PAYCLOUD_REGISTRY_USERNAME:"
                                + "value-of-PAYCLOUD_REGISTRY_PASSWORD@registry-service-2:8761/eureka/");
            }
            // the issuer URL's default, the same for both; the first administrator's secret as given
            for (String service : ISSUER_HOLDERS) {
                assertThat(map(map(resolved.get(service)).get("environment"))).as("resolved environment of %s", service)
                        .containsEntry(OPERATORS_ISSUER, "https://localhost:8443");
            }
            assertThat(map(map(resolved.get("account-service")).get("environment")))
                    .containsEntry(BOOTSTRAP_SECRET, "value-of-" + BOOTSTRAP_SECRET)
                    .containsEntry("DB_OWNER_USER", "accounts_owner")
                    .containsEntry("DB_OWNER_PASSWORD", "value-of-ACCOUNTS_OWNER_DB_PASSWORD");

            Kustomize.Result refused = Kustomize.run(config(tool, empty, true), unset, tmp);
            assertThat(refused.exit()).as("compose without keys and passwords: %s", refused.output()).isNotZero();
        }

        List<String> config(List<String> tool, Path envFile, boolean quiet) {
            List<String> command = new ArrayList<>(tool);
            command.addAll(List.of("--env-file", envFile.toString(), "-f", ROOT.resolve("docker-compose.yml").toString(),
                    "config"));
            if (quiet) {
                command.add("-q");
            }
            return command;
        }
    }

    @Nested
    class Images {

        String dockerfile = Kustomize.read(ROOT.resolve("Dockerfile"));

        @Test
        void oneMultiStageDockerfileBuildsLayeredNonRootImages() {
            // the base images are build arguments whose defaults are the public ones; Maven runs in the
            // image unless JAR=prebuilt takes a jar built on the host (bin/compose-check)
            assertThat(dockerfile).contains("ARG SERVICE")
                    .containsPattern("(?m)^ARG JDK_IMAGE=eclipse-temurin:17-jdk\\s*$")
                    .containsPattern("(?m)^ARG JRE_IMAGE=eclipse-temurin:17-jre\\s*$")
                    .containsPattern("(?m)^ARG JAR=build\\s*$")
                    .containsPattern("(?m)^FROM \\$\\{JDK_IMAGE} AS build")
                    .containsPattern("(?m)^FROM \\$\\{JAR} AS jar")
                    .contains("-pl \"${SERVICE}\" -am")
                    .contains("java -Djarmode=tools -jar application.jar extract --layers --destination layers")
                    .containsPattern("(?m)^FROM \\$\\{JRE_IMAGE}\\s*$")
                    // a syntax line makes BuildKit pull its frontend from a registry
                    .doesNotContainPattern("(?m)^# *syntax=")
                    .containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"healthcheck\"]")
                    .containsPattern("JAVA_TOOL_OPTIONS=\"[^\"]*-XX:MaxRAMPercentage=")
                    // class data sharing: the training run and every start name the archive and the jar
                    // by the same absolute paths, or the JVM would not use the archive
                    .contains("java -XX:ArchiveClassesAtExit=/application/application.jsa -Dspring.context.exit=onRefresh")
                    .contains("-jar /application/application.jar --spring.profiles.active=embedded")
                    .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-XX:SharedArchiveFile=/application/application.jsa\","
                            + " \"-jar\", \"/application/application.jar\"]");
            for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
                assertThat(dockerfile).contains("/extract/layers/" + layer + "/");
            }
            Matcher user = Pattern.compile("(?m)^USER (\\d+)(:\\d+)?\\s*$").matcher(dockerfile);
            assertThat(user.find()).as("a numeric USER").isTrue();
            assertThat(Integer.parseInt(user.group(1))).isPositive();
            assertThat(dockerfile.lastIndexOf("USER ")).isGreaterThan(dockerfile.lastIndexOf("FROM "));
            // the image's uid is the one Kubernetes runs as
            for (String overlay : List.of("dev", "prod")) {
                apps(overlay).forEach(d -> assertThat(map(podSpec(d).get("securityContext"))
                        .get("runAsUser")).isEqualTo(Integer.parseInt(user.group(1))));
            }
        }

        @Test
        void everyFileTheDockerfileCopiesIsInTheBuildContext() {
            List<String> ignored = Kustomize.read(ROOT.resolve(".dockerignore")).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(.+) \\S+$").matcher(dockerfile);
            int copies = 0;
            while (copy.find()) {
                if (copy.group(1).equals("${SERVICE}/target/${SERVICE}.jar")) {
                    // the prebuilt stage's jar: from a context bin/compose-check stages, never this one
                    continue;
                }
                for (String source : copy.group(1).split("\\s+")) {
                    copies++;
                    String clean = source.replaceAll("/$", "");
                    assertThat(ROOT.resolve(clean)).as("COPY source %s", source).exists();
                    assertThat(ignored).as("%s is not ignored", source).doesNotContain(clean, clean + "/");
                }
            }
            assertThat(copies).isGreaterThan(5);
            assertThat(ignored).contains("**/target", ".git");
        }

        @Test
        void healthcheckDefaultsToEachApplicationsManagementPort() {
            // compose's health checks and the image's HEALTHCHECK run the script without arguments
            String script = Kustomize.read(ROOT.resolve("docker/healthcheck.sh"));
            Map<String, Integer> ports = new TreeMap<>();
            Matcher named = Pattern.compile("(?m)^\\s*([a-z-]+)\\)\\s+default_port=(\\d+)").matcher(script);
            while (named.find()) {
                ports.put(named.group(1), Integer.parseInt(named.group(2)));
            }
            Matcher other = Pattern.compile("(?m)^\\s*\\*\\)\\s+default_port=(\\d+)").matcher(script);
            assertThat(other.find()).as("a default for the gateway").isTrue();
            ports.put("gateway-service", Integer.parseInt(other.group(1)));
            assertThat(ports).isEqualTo(new TreeMap<>(MANAGEMENT_PORT));
            assertThat(script).contains("${MANAGEMENT_PORT:-$default_port}");
        }

        @Test
        void healthcheckPassesOnlyOnA200FromReadiness(@TempDir Path tmp) throws IOException {
            Map<String, Integer> answers = new HashMap<>(Map.of("/actuator/health/readiness", 200,
                    "/actuator/health/liveness", 503));
            List<String> seen = new CopyOnWriteArrayList<>();
            HttpServer server = server(exchange -> {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                int status = answers.getOrDefault(exchange.getRequestURI().getPath(), 404);
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            try {
                // the management port, wherever MANAGEMENT_PORT puts it; the API port plays no part
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "payment-service",
                        "MANAGEMENT_PORT", String.valueOf(server.getAddress().getPort()), "PORT", "1");
                Path script = ROOT.resolve("docker/healthcheck.sh");
                assertThat(Kustomize.run(List.of("bash", script.toString()), env, tmp).exit()).isZero();
                assertThat(Kustomize.run(List.of("bash", script.toString(), "/actuator/health/liveness"), env, tmp)
                        .exit()).isNotZero();
                assertThat(seen).containsExactly("GET /actuator/health/readiness", "GET /actuator/health/liveness");
            } finally {
                server.stop(0);
            }
            // nothing listening: unhealthy, not hanging
            Map<String, String> closed = Map.of("MANAGEMENT_PORT", String.valueOf(server.getAddress().getPort()));
            assertThat(Kustomize.run(List.of("bash", ROOT.resolve("docker/healthcheck.sh").toString()), closed, tmp)
                    .exit()).isNotZero();
        }

        @Test
        void preStopTakesTheInstanceOutOfEurekaWithTheRegistryCredentialBeforeWaiting(@TempDir Path tmp) throws IOException {
            List<String> seen = new CopyOnWriteArrayList<>();
            List<String> authorization = new CopyOnWriteArrayList<>();
            HttpServer eureka = server(exchange -> {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            try {
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "payment-service",
                        "EUREKA_INSTANCE_HOSTNAME", "10.1.2.3",
                        "EUREKA_URL", "http://registry:s3cr3t-pw@127.0.0.1:" + eureka.getAddress().getPort() + "/eureka/");
                Kustomize.Result result = Kustomize.run(
                        List.of("bash", ROOT.resolve("docker/prestop.sh").toString(), "0"), env, tmp);
                assertThat(result.exit()).as(result.output()).isZero();
                // the instance id the services register with: name:hostname:port (application.yml)
                assertThat(seen).containsExactly(
                        "PUT /eureka/apps/PAYMENT-SERVICE/payment-service:10.1.2.3:8081/status?value=OUT_OF_SERVICE");
                assertThat(authorization).containsExactly("Basic " + Base64.getEncoder()
                        .encodeToString("registry:s3cr3t-pw".getBytes(StandardCharsets.UTF_8)));
                assertThat(result.output()).as("the hook's log").doesNotContain("s3cr3t-pw");
            } finally {
                eureka.stop(0);
            }
        }

        /** With the first registry peer away (nothing listens there), the second takes the override. */
        @Test
        void preStopTellsTheSecondRegistryPeerWhenTheFirstDoesNotAnswer(@TempDir Path tmp) throws IOException {
            List<String> seen = new CopyOnWriteArrayList<>();
            HttpServer second = server(exchange -> {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            HttpServer gone = server(exchange -> exchange.close());
            int goneport = gone.getAddress().getPort();
            gone.stop(0);
            try {
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "account-service",
                        "EUREKA_INSTANCE_HOSTNAME", "10.1.2.4",
                        "EUREKA_URL", "http://registry:pw@127.0.0.1:" + goneport + "/eureka/,http://registry:pw@127.0.0.1:"
                                + second.getAddress().getPort() + "/eureka/");
                Kustomize.Result result = Kustomize.run(
                        List.of("bash", ROOT.resolve("docker/prestop.sh").toString(), "0"), env, tmp);
                assertThat(result.exit()).as(result.output()).isZero();
                assertThat(seen).containsExactly(
                        "PUT /eureka/apps/ACCOUNT-SERVICE/account-service:10.1.2.4:8082/status?value=OUT_OF_SERVICE");
                assertThat(result.output()).doesNotContain("could not mark");
            } finally {
                second.stop(0);
            }
        }
    }

    /**
     * The container scripts on the profile tls (compose and Kubernetes mount PAYCLOUD_TLS_DIR): the
     * health check verifies the management port's certificate against the platform's CA, and preStop
     * reaches Eureka over TLS presenting its application's own certificate, which Eureka's API requires.
     */
    @Nested
    class ContainerScriptsOverTls {

        /** A development CA and certificates (bin/dev-certs) for the given names, in {@code dir}. */
        Path certificates(Path dir, String... names) {
            List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/dev-certs").toString(), dir.toString()));
            command.addAll(List.of(names));
            Kustomize.Result made = Kustomize.run(command, Map.of(), dir.getParent());
            assertThat(made.exit()).as(made.output()).isZero();
            return dir;
        }

        /** An HTTPS server with {@code name}'s certificate from {@code dir}, asking clients for one of its CA when told to. */
        HttpsServer httpsServer(Path dir, String name, boolean clientCertificate, com.sun.net.httpserver.HttpHandler handler)
                throws IOException {
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
                    PemSslStoreDetails.forCertificate(Files.readString(dir.resolve(name + ".crt")))
                            .withPrivateKey(Files.readString(dir.resolve(name + ".key"))),
                    PemSslStoreDetails.forCertificate(Files.readString(dir.resolve("ca.crt")))));
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(bundle.createSslContext()) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(clientCertificate);
                    parameters.setSSLParameters(ssl);
                }
            });
            server.createContext("/", handler);
            server.start();
            return server;
        }

        /** The certificate a TLS server presents to a client that trusts the CA file. */
        X509Certificate served(int port, Path ca) throws IOException {
            SslBundle trust = SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(Files.readString(ca))));
            try (SSLSocket socket = (SSLSocket) trust.createSslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        }

        static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
            try (var in = Files.newInputStream(pem)) {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }

        /**
         * The dev overlay's Redis takes a certificate cert-manager renewed into its Secret without a
         * restart, and then one from a new CA: its tls-reload sidecar's script, as the manifest has it,
         * beside a TLS-only redis-server of this machine whose certificate files are replaced the way a
         * Secret volume's are.
         */
        @Test
        void theDevRedisTakesARenewedCertificateAndANewCaWithoutARestart(@TempDir Path tmp) throws Exception {
            assumeTrue(Kustomize.run(List.of("redis-server", "--version"), Map.of(), tmp).exit() == 0, "redis-server on PATH");
            Map<String, Object> reload = containers(Kustomize.find(rendered("dev"), "StatefulSet", "redis")).stream()
                    .filter(c -> "tls-reload".equals(c.get("name"))).findFirst().orElseThrow();
            assertThat(strings(reload.get("command"))).containsExactly("bash", "-c");
            String script = strings(reload.get("args")).get(0);
            Map<String, Map<String, Object>> env = new LinkedHashMap<>();
            for (Object e : list(reload.get("env"))) {
                env.put(String.valueOf(map(e).get("name")), map(e));
            }
            assertThat(env.get("TLS_DIR")).containsEntry("value", "/etc/redis/tls");

            Path certs = certificates(tmp.resolve("certs"), "redis");
            Path served = Files.createDirectories(tmp.resolve("tls"));
            for (String f : List.of("redis.crt", "redis.key", "ca.crt")) {
                Files.copy(certs.resolve(f), served.resolve(f));
            }
            int port;
            try (var probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Path socket = tmp.resolve("redis.sock");
            Process redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", tmp.toString(),
                    "--unixsocket", socket.toString(), "--unixsocketperm", "700",
                    "--tls-cert-file", served.resolve("redis.crt").toString(), "--tls-key-file", served.resolve("redis.key").toString(),
                    "--tls-ca-cert-file", served.resolve("ca.crt").toString(), "--tls-auth-clients", "no")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("redis.log").toFile()).start();
            ProcessBuilder sidecar = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("reload.log").toFile());
            sidecar.environment().putAll(Map.of("TLS_DIR", served.toString(), "REDIS_SOCKET", socket.toString(), "RELOAD_EVERY", "0.2"));
            Process reloader = null;
            try {
                X509Certificate first = certificate(certs.resolve("redis.crt"));
                long until = System.nanoTime() + 20_000_000_000L;
                X509Certificate before = null;
                while (before == null) {
                    try {
                        before = served(port, certs.resolve("ca.crt"));
                    } catch (IOException notYet) {
                        assertThat(System.nanoTime()).as("redis-server answers TLS").isLessThan(until);
                        Thread.sleep(100);
                    }
                }
                assertThat(before).isEqualTo(first);
                reloader = sidecar.start();
                Thread.sleep(500);

                // renewed, as cert-manager does (a new key each time) and as a Secret volume shows it: new
                // files replacing the old at once
                Kustomize.Result renewed = Kustomize.run(List.of("bash", ROOT.resolve("bin/dev-certs").toString(), certs.toString(), "redis"),
                        Map.of("PAYCLOUD_CERT_RENEW", "1"), tmp);
                assertThat(renewed.exit()).as(renewed.output()).isZero();
                X509Certificate second = certificate(certs.resolve("redis.crt"));
                assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
                for (String f : List.of("redis.key", "redis.crt")) {
                    Files.copy(certs.resolve(f), served.resolve(f + ".new"));
                    Files.move(served.resolve(f + ".new"), served.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                X509Certificate now = before;
                until = System.nanoTime() + 15_000_000_000L;
                while (!now.equals(second) && System.nanoTime() < until) {
                    Thread.sleep(200);
                    now = served(port, certs.resolve("ca.crt"));
                }
                assertThat(now).as("the certificate Redis presents after the renewal; %s",
                        Files.readString(tmp.resolve("reload.log"))).isEqualTo(second);
                assertThat(reloader.isAlive()).as("the sidecar keeps watching").isTrue();
                assertThat(Files.readString(tmp.resolve("reload.log"))).contains("Redis took the renewed certificate");

                // a new CA: its certificate, key and CA file replace the old ones; the certificate Redis
                // still presents does not verify against the new CA file, which the socket never asks
                Path rotated = certificates(tmp.resolve("rotated"), "redis");
                X509Certificate third = certificate(rotated.resolve("redis.crt"));
                assertThat(third.getIssuerX500Principal()).isEqualTo(certificate(rotated.resolve("ca.crt")).getSubjectX500Principal());
                for (String f : List.of("ca.crt", "redis.key", "redis.crt")) {
                    Files.copy(rotated.resolve(f), served.resolve(f + ".new"));
                    Files.move(served.resolve(f + ".new"), served.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                X509Certificate afterRotation = null;
                until = System.nanoTime() + 15_000_000_000L;
                while (!third.equals(afterRotation) && System.nanoTime() < until) {
                    Thread.sleep(200);
                    try {
                        afterRotation = served(port, rotated.resolve("ca.crt"));
                    } catch (IOException stillTheOldCa) {
                        afterRotation = null;
                    }
                }
                assertThat(afterRotation).as("the certificate Redis presents after the CA rotation; %s",
                        Files.readString(tmp.resolve("reload.log"))).isEqualTo(third);
            } finally {
                if (reloader != null) {
                    reloader.destroyForcibly();
                }
                redis.destroyForcibly().waitFor();
            }
        }

        @Test
        void healthcheckVerifiesTheManagementPortsCertificateAgainstThePlatformsCa(@TempDir Path tmp) throws IOException {
            Path platform = certificates(tmp.resolve("platform"), "payment-service");
            Path other = certificates(tmp.resolve("other"), "payment-service");
            List<String> seen = new CopyOnWriteArrayList<>();
            HttpsServer server = httpsServer(platform, "payment-service", false, exchange -> {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/actuator/health/readiness") ? 200 : 503, -1);
                exchange.close();
            });
            try {
                String port = String.valueOf(server.getAddress().getPort());
                Path script = ROOT.resolve("docker/healthcheck.sh");
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "payment-service", "MANAGEMENT_PORT", port,
                        "PAYCLOUD_TLS_DIR", platform.toString());
                assertThat(Kustomize.run(List.of("bash", script.toString()), env, tmp).exit()).as("readiness over TLS").isZero();
                assertThat(Kustomize.run(List.of("bash", script.toString(), "/actuator/health/liveness"), env, tmp).exit())
                        .as("a 503 over TLS").isNotZero();
                assertThat(seen).containsExactly("GET /actuator/health/readiness", "GET /actuator/health/liveness");
                // a certificate of another CA does not verify: no request is sent
                Map<String, String> wrongCa = Map.of("PAYCLOUD_SERVICE", "payment-service", "MANAGEMENT_PORT", port,
                        "PAYCLOUD_TLS_DIR", other.toString());
                assertThat(Kustomize.run(List.of("bash", script.toString()), wrongCa, tmp).exit()).as("another CA").isNotZero();
                // and plain HTTP to a TLS port is no answer
                Map<String, String> plain = Map.of("PAYCLOUD_SERVICE", "payment-service", "MANAGEMENT_PORT", port);
                assertThat(Kustomize.run(List.of("bash", script.toString()), plain, tmp).exit()).as("plain HTTP").isNotZero();
                assertThat(seen).hasSize(2);
            } finally {
                server.stop(0);
            }
        }

        @Test
        void preStopMarksTheInstanceOutOfServiceOverMutualTlsWithItsOwnCertificate(@TempDir Path tmp) throws IOException {
            Path platform = certificates(tmp.resolve("platform"), "registry-service", "gateway-service");
            List<String> seen = new CopyOnWriteArrayList<>();
            HttpsServer eureka = httpsServer(platform, "registry-service", true, exchange -> {
                String client = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
                seen.add(client + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            try {
                String url = "https://registry:s3cr3t-pw@localhost:" + eureka.getAddress().getPort() + "/eureka/";
                // the name PodDnsName registers, from the pod's address and its headless Service
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "gateway-service",
                        "PAYCLOUD_POD_IP", "10.244.3.7", "PAYCLOUD_POD_SUBDOMAIN", "gateway-service-pods", "EUREKA_URL", url,
                        "PAYCLOUD_TLS_DIR", platform.toString());
                Kustomize.Result result = Kustomize.run(List.of("bash", ROOT.resolve("docker/prestop.sh").toString(), "0"), env, tmp);
                assertThat(result.exit()).as(result.output()).isZero();
                assertThat(result.output()).doesNotContain("could not mark").doesNotContain("s3cr3t-pw");
                // the gateway's instance id carries its HTTPS port, which it registers with under TLS
                assertThat(seen).containsExactly("CN=gateway-service,OU=platform,O=PayCloud PUT /eureka/apps/GATEWAY-SERVICE/"
                        + "gateway-service:10-244-3-7.gateway-service-pods:8443/status?value=OUT_OF_SERVICE");

                // without its certificates the hook cannot reach an https registry: it says so and waits anyway
                Map<String, String> without = Map.of("PAYCLOUD_SERVICE", "gateway-service",
                        "EUREKA_INSTANCE_HOSTNAME", "gateway-service-7d9f-x2x4z.gateway-service-pods", "EUREKA_URL", url);
                Kustomize.Result refused = Kustomize.run(List.of("bash", ROOT.resolve("docker/prestop.sh").toString(), "0"), without, tmp);
                assertThat(refused.exit()).isZero();
                assertThat(refused.output()).contains("could not mark");
                assertThat(seen).hasSize(1);
            } finally {
                eureka.stop(0);
            }
        }
    }

    @Nested
    class Databases {

        Path script = ROOT.resolve("docker/mysql/init/01-paycloud-databases.sh");

        @Test
        void composeAndTheDevOverlayRunTheSameInitScript() {
            assertThat(Kustomize.read(ROOT.resolve("k8s/overlays/dev/mysql/01-paycloud-databases.sh")))
                    .isEqualTo(Kustomize.read(script));
            assertThat(Files.isExecutable(script)).as("executable, so the mysql image runs it in its own shell").isTrue();
        }

        @Test
        void initCreatesOneDatabaseAndOneUserPerServiceGrantedOnlyItsOwnAndAnOwnerForAccounts(@TempDir Path tmp)
                throws IOException {
            // a stand-in mysql client that keeps the SQL it is given
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path sqlOut = tmp.resolve("statements.sql");
            Path mysql = bin.resolve("mysql");
            Files.writeString(mysql, "#!/usr/bin/env bash\necho \"args: $* pwd: $MYSQL_PWD\" >> '" + tmp.resolve("args")
                    + "'\ncat >> '" + sqlOut + "'\n");
            mysql.toFile().setExecutable(true);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            env.put("MYSQL_ROOT_PASSWORD", "root-pw");
            env.put("PAYMENTS_DB_PASSWORD", "p'ay");
            env.put("ACCOUNTS_DB_PASSWORD", "acc");
            env.put("ACCOUNTS_OWNER_DB_PASSWORD", "own");
            env.put("RISK_DB_PASSWORD", "rsk");
            env.put("ANALYTICS_DB_PASSWORD", "ana");
            Kustomize.Result result = Kustomize.run(List.of("bash", script.toString()), env, tmp);
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(Kustomize.read(tmp.resolve("args"))).contains("-uroot").contains("pwd: root-pw");

            String sql = Kustomize.read(sqlOut);
            List<String> statements = sql.lines().toList();
            List<String> grants = statements.stream().filter(l -> l.startsWith("GRANT")).toList();
            for (String db : DATABASE_OF.values()) {
                assertThat(sql).contains("CREATE DATABASE IF NOT EXISTS `" + db + "` CHARACTER SET utf8mb4");
                assertThat(sql).contains("CREATE USER IF NOT EXISTS '" + db + "'@'%'");
                String owner = OWNER_OF.get(db);
                if (owner == null) {
                    assertThat(grants).contains("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + db + "'@'%';");
                } else {
                    // the owner may grant on its database; the runtime user ends with nothing database-wide
                    // (account-service grants it table privileges), whatever an earlier layout gave it
                    assertThat(sql).contains("CREATE USER IF NOT EXISTS '" + owner + "'@'%' IDENTIFIED BY 'own'");
                    assertThat(grants).contains("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + owner + "'@'%' WITH GRANT OPTION;")
                            .doesNotContain("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + db + "'@'%';");
                    String revoke = "REVOKE ALL PRIVILEGES ON `" + db + "`.* FROM '" + db + "'@'%';";
                    assertThat(statements).contains(revoke);
                    int revoked = statements.indexOf(revoke);
                    assertThat(statements.subList(revoked, statements.size()))
                            .noneMatch(l -> l.startsWith("GRANT") && l.contains("TO '" + db + "'@"));
                }
            }
            assertThat(grants).hasSize(5).noneMatch(g -> g.contains("*.*"));
            assertThat(sql).contains("IDENTIFIED BY 'p''ay'");

            env.remove("ACCOUNTS_OWNER_DB_PASSWORD");
            assertThat(Kustomize.run(List.of("bash", script.toString()), env, tmp).exit())
                    .as("a missing owner password stops the init").isNotZero();
            env.put("ACCOUNTS_OWNER_DB_PASSWORD", "own");
            env.remove("RISK_DB_PASSWORD");
            assertThat(Kustomize.run(List.of("bash", script.toString()), env, tmp).exit())
                    .as("a missing password stops the init").isNotZero();
        }

        @Test
        void theDatabaseUsersMatchTheServicesSecretsAndComposeEnvironment() {
            Map<String, Map<String, Object>> mysqlEnv = envByName(Kustomize.find(rendered("dev"), "StatefulSet", "mysql"));
            for (Map.Entry<String, String> e : DATABASE_OF.entrySet()) {
                String secret = e.getKey().replace("-service", "-db");
                Map<String, Object> dev = map(Kustomize.find(rendered("dev"), "Secret", secret).get("data"));
                assertThat(decode(dev.get("username"))).isEqualTo(e.getValue());
                assertThat(secretKeyRef(mysqlEnv.get(e.getValue().toUpperCase() + "_DB_PASSWORD")))
                        .containsEntry("name", secret).containsEntry("key", "password");
                String owner = OWNER_OF.get(e.getValue());
                if (owner != null) {
                    Map<String, Object> ownerSecret = map(Kustomize.find(rendered("dev"), "Secret", secret + "-owner").get("data"));
                    assertThat(decode(ownerSecret.get("username"))).isEqualTo(owner);
                    assertThat(decode(ownerSecret.get("password"))).isNotEqualTo(decode(dev.get("password")));
                    assertThat(secretKeyRef(mysqlEnv.get(e.getValue().toUpperCase() + "_OWNER_DB_PASSWORD")))
                            .containsEntry("name", secret + "-owner").containsEntry("key", "password");
                }
            }
        }
    }


    // ---- helpers ----

    static Map<String, Map<String, Object>> envByName(Map<String, Object> workload) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Map<String, Object> c : containers(workload)) {
            for (Object e : list(c.get("env"))) {
                env.put((String) map(e).get("name"), map(e));
            }
        }
        return env;
    }

    static Map<String, Object> secretKeyRef(Map<String, Object> env) {
        return map(map(map(env).get("valueFrom")).get("secretKeyRef"));
    }

    /** Every Secret a pod spec can read: env secretKeyRef, envFrom secretRef, secret and projected volumes. */
    static Set<String> referencedSecrets(Object node) {
        Set<String> names = new TreeSet<>();
        collectSecretNames(node, names);
        return names;
    }

    static void collectSecretNames(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> m) {
            for (String key : List.of("secretKeyRef", "secretRef", "secret")) {
                if (m.get(key) instanceof Map<?, ?> ref) {
                    Object name = ref.get("secretName") != null ? ref.get("secretName") : ref.get("name");
                    if (name != null) {
                        names.add(String.valueOf(name));
                    }
                }
            }
            m.values().forEach(v -> collectSecretNames(v, names));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectSecretNames(v, names));
        }
    }

    /** A container's ports by name. */
    static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new TreeMap<>();
        for (Object p : list(container.get("ports"))) {
            ports.put(String.valueOf(map(p).get("name")), ((Number) map(p).get("containerPort")).intValue());
        }
        return ports;
    }

    /** A port as a Service, probe or NetworkPolicy names it: the container port named management, or its number. */
    static boolean isManagementPort(Object port) {
        return "management".equals(port) || (port instanceof Number n && MANAGEMENT_PORT.containsValue(n.intValue()));
    }

    /** A NetworkPolicy peer that is the registry's pods (the admin console), in this namespace. */
    static boolean isRegistryPeer(Map<String, Object> peer) {
        return peer.keySet().equals(Set.of("podSelector"))
                && map(peer.get("podSelector")).equals(Map.of("matchLabels", Map.of("app.kubernetes.io/name", "registry-service")));
    }

    /** A NetworkPolicy peer in the monitoring namespace (Prometheus), never an address block. */
    static boolean isMonitoringPeer(Map<String, Object> peer) {
        return peer.containsKey("namespaceSelector") && Set.of("namespaceSelector", "podSelector").containsAll(peer.keySet())
                && map(peer.get("namespaceSelector")).equals(
                        Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")));
    }

    static Map<String, Object> templateLabels(Map<String, Object> workload) {
        return map(map(map(map(workload.get("spec")).get("template")).get("metadata")).get("labels"));
    }

    /** Whether a label selector (matchLabels and matchExpressions) selects pods with these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        for (Map.Entry<String, Object> e : map(selector.get("matchLabels")).entrySet()) {
            if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        for (Object x : list(selector.get("matchExpressions"))) {
            Map<String, Object> expression = map(x);
            String key = (String) expression.get("key");
            List<String> values = strings(expression.get("values"));
            boolean has = labels.containsKey(key);
            boolean matches = switch ((String) expression.get("operator")) {
                case "In" -> has && values.contains(String.valueOf(labels.get(key)));
                case "NotIn" -> !has || !values.contains(String.valueOf(labels.get(key)));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new IllegalStateException("unknown selector operator in " + expression);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** A Secret's data value in plain text (kustomize wraps long base64 values over lines). */
    static String decode(Object base64) {
        return new String(Base64.getMimeDecoder().decode(String.valueOf(base64)), StandardCharsets.UTF_8);
    }

    /** The EC P-256 public keys of a JWK set by kid. */
    static Map<String, PublicKey> publicKeys(String jwks) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        Map<String, PublicKey> keys = new TreeMap<>();
        for (Object k : list(Kustomize.readAll(jwks).get(0).get("keys"))) {
            Map<String, Object> jwk = map(k);
            assertThat(jwk).containsEntry("kty", "EC").containsEntry("crv", "P-256").doesNotContainKey("d");
            ECPoint point = new ECPoint(coordinate(jwk.get("x")), coordinate(jwk.get("y")));
            PublicKey previous = keys.put((String) jwk.get("kid"),
                    KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve)));
            assertThat(previous).as("kid %s once", jwk.get("kid")).isNull();
        }
        return keys;
    }

    static BigInteger coordinate(Object base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(String.valueOf(base64url)));
    }

    /** ES256 signature of a message with a base64 PKCS#8 private key. */
    static byte[] sign(String privateKey, String message) throws GeneralSecurityException {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message.getBytes(StandardCharsets.UTF_8));
        return signer.sign();
    }

    static boolean verifies(PublicKey key, String message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An AES-256 key in base64, not the embedded profile's published one (the service refuses that one). */
    static void assertFieldKey(String name, String what, String key) {
        assertThat(key).as("%s of %s", name, what).isNotBlank();
        assertThat(Base64.getDecoder().decode(key.strip())).as("%s of %s", name, what).hasSize(32);
        assertThat(key.strip()).as("%s of %s", name, what).isNotIn(EMBEDDED_FIELD_KEYS.values());
    }

    static int replicas(Map<String, Object> deployment) {
        return ((Number) map(deployment.get("spec")).getOrDefault("replicas", 1)).intValue();
    }

    static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container.get(probe)).get("httpGet")).get("path");
    }

    static List<String> envNames(Map<String, Object> deployment) {
        return containers(deployment).stream().flatMap(c -> list(c.get("env")).stream())
                .map(e -> (String) map(e).get("name")).toList();
    }

    static Set<String> backends(Map<String, Object> ingress) {
        Set<String> names = new TreeSet<>();
        collectServiceNames(ingress.get("spec"), names);
        return names;
    }

    static void collectServiceNames(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("service") instanceof Map<?, ?> svc && svc.get("name") != null) {
                names.add(String.valueOf(svc.get("name")));
            }
            m.values().forEach(v -> collectServiceNames(v, names));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectServiceNames(v, names));
        }
    }

    /** The container port of a compose ports entry, short ("127.0.0.1:8761:8761") or long syntax. */
    static int containerPort(Object entry) {
        if (entry instanceof Map<?, ?> m) {
            return Integer.parseInt(String.valueOf(m.get("target")));
        }
        String[] parts = String.valueOf(entry).replaceFirst("/(tcp|udp)$", "").split(":");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    /** The host address a compose ports entry binds to, "" for every interface. */
    static String hostAddress(Object entry) {
        if (entry instanceof Map<?, ?> m) {
            return m.get("host_ip") == null ? "" : String.valueOf(m.get("host_ip"));
        }
        // the host port may be a variable with a default: ${PAYCLOUD_GATEWAY_PORT:-8080}
        Matcher m = Pattern.compile("^(.*):(?:\\d+|\\$\\{[A-Z_]+:-\\d+}):\\d+$")
                .matcher(String.valueOf(entry).replaceFirst("/(tcp|udp)$", ""));
        return m.matches() ? m.group(1) : "";
    }

    /** Resources by kind/name, in a form where key order and YAML quirks do not matter. */
    static Map<String, Object> byId(List<Map<String, Object>> resources) {
        Map<String, Object> result = new TreeMap<>();
        resources.stream().sorted(Comparator.comparing(r -> r.get("kind") + "/" + name(r)))
                .forEach(r -> result.put(r.get("kind") + "/" + name(r), r));
        return result;
    }

    static HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    static Path repositoryRoot() {
        String moduleDir = System.getenv("PAYCLOUD_MODULE_DIR");
        Path start = moduleDir != null ? Paths.get(moduleDir) : Paths.get("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s")) && Files.exists(p.resolve("docker-compose.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with k8s/ and docker-compose.yml above " + start);
    }
}

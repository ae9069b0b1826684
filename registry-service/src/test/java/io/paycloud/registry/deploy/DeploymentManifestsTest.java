package io.paycloud.registry.deploy;

import static io.paycloud.registry.deploy.Kustomize.containers;
import static io.paycloud.registry.deploy.Kustomize.list;
import static io.paycloud.registry.deploy.Kustomize.map;
import static io.paycloud.registry.deploy.Kustomize.name;
import static io.paycloud.registry.deploy.Kustomize.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

/**
 * The deployment files at the repository root (Dockerfile, docker-compose.yml, docker/, k8s/)
 * checked without Docker or a cluster: the Kubernetes overlays are rendered (by kustomize when the
 * machine has it, else by {@link Kustomize}'s subset) and every object is inspected; the compose
 * file is read as YAML and, where a compose tool is installed, also run through {@code config};
 * the container scripts run against small local HTTP servers.
 */
class DeploymentManifestsTest {

    private static final Logger log = LoggerFactory.getLogger(DeploymentManifestsTest.class);

    static final Path ROOT = repositoryRoot();
    static final List<String> SERVICES = List.of("registry-service", "gateway-service", "payment-service",
            "account-service", "risk-service", "analytics-service");
    static final Map<String, String> DATABASE_OF = Map.of("payment-service", "payments",
            "account-service", "accounts", "risk-service", "risk", "analytics-service", "analytics");
    static final Set<String> AUTOSCALED = Set.of("gateway-service", "payment-service", "account-service");
    static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ENCRYPTION_?KEY|IDENTITY|DB_USER|USERNAME).*");

    // the identity keys (bin/identity-keys.java): the gateway signs with the gateway key, every
    // service signs its own calls with the service key and verifies both; the registry needs none
    static final String GATEWAY_PRIVATE_KEY = "PAYCLOUD_IDENTITY_GATEWAY_PRIVATE_KEY";
    static final String GATEWAY_PUBLIC_KEY = "PAYCLOUD_IDENTITY_GATEWAY_PUBLIC_KEY";
    static final String SERVICE_PRIVATE_KEY = "PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY";
    static final String SERVICE_PUBLIC_KEY = "PAYCLOUD_IDENTITY_SERVICE_PUBLIC_KEY";
    static final Set<String> SERVICE_IDENTITY = Set.of(GATEWAY_PUBLIC_KEY, SERVICE_PUBLIC_KEY, SERVICE_PRIVATE_KEY);
    static final Set<String> GATEWAY_IDENTITY = Set.of(GATEWAY_PRIVATE_KEY, GATEWAY_PUBLIC_KEY, SERVICE_PUBLIC_KEY,
            SERVICE_PRIVATE_KEY);
    static final String KYC_KEY = "KYC_ENCRYPTION_KEY";
    /** account-service's published key of the embedded and test profiles, which it refuses under docker and k8s. */
    static final String EMBEDDED_KYC_KEY = "cGF5Y2xvdWQtZW1iZWRkZWQtZGV2LW9ubHkta2V5ISE=";

    static Set<String> identityOf(String service) {
        return switch (service) {
            case "registry-service" -> Set.of();
            case "gateway-service" -> GATEWAY_IDENTITY;
            default -> SERVICE_IDENTITY;
        };
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

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    @Nested
    class Kubernetes {

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyServiceHasADeploymentAndAServiceOfItsName(String overlay) {
            assertThat(ofKind(overlay, "Deployment")).extracting(Kustomize::name)
                    .containsExactlyInAnyOrderElementsOf(SERVICES);
            assertThat(ofKind(overlay, "Service")).extracting(Kustomize::name).containsAll(SERVICES);
            assertThat(rendered(overlay)).filteredOn(r -> !"Namespace".equals(r.get("kind")))
                    .allSatisfy(r -> assertThat(map(r.get("metadata")).get("namespace"))
                            .as("namespace of %s %s", r.get("kind"), name(r)).isEqualTo("paycloud"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyDeploymentProbesTheActuatorHealthGroups(String overlay) {
            for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
                for (Map<String, Object> c : containers(d)) {
                    String what = overlay + "/" + name(d);
                    assertThat(probePath(c, "livenessProbe")).as("liveness of %s", what)
                            .isEqualTo("/actuator/health/liveness");
                    assertThat(probePath(c, "readinessProbe")).as("readiness of %s", what)
                            .isEqualTo("/actuator/health/readiness");
                    assertThat(probePath(c, "startupProbe")).as("startup probe of %s", what)
                            .startsWith("/actuator/health/");
                    Object port = map(map(c.get("livenessProbe")).get("httpGet")).get("port");
                    assertThat(list(c.get("ports"))).as("probe port of %s", what)
                            .anySatisfy(p -> assertThat(port).isIn(map(p).get("name"), map(p).get("containerPort")));
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
            for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
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
            for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
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
                assertThat(map(map(d.get("spec")).get("strategy")).get("rollingUpdate"))
                        .as("rolling update of %s", what).isNotNull();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void credentialsComeFromSecretsOnly(String overlay) {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(overlay, "Deployment"));
            workloads.addAll(ofKind(overlay, "StatefulSet"));
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
                    }
                    for (Object from : list(c.get("envFrom"))) {
                        assertThat(map(from)).as("envFrom of %s", name(w)).containsOnlyKeys("configMapRef");
                    }
                }
            }
            for (Map<String, Object> cm : ofKind(overlay, "ConfigMap")) {
                assertThat(map(cm.get("data")).keySet()).as("ConfigMap %s", name(cm))
                        .noneMatch(k -> CREDENTIAL_NAME.matcher(k).matches());
            }
            Map<String, Object> db = ofKind(overlay, "Deployment").stream()
                    .filter(d -> name(d).equals("payment-service")).findFirst().orElseThrow();
            assertThat(envNames(db)).contains("DB_USER", "DB_PASSWORD", "EUREKA_INSTANCE_HOSTNAME");
        }

        @Test
        void noRealSecretIsKeptInGit() {
            assertThat(ofKind("prod", "Secret")).as("prod Secrets are created by hand, never rendered").isEmpty();
            for (Map<String, Object> secret : ofKind("dev", "Secret")) {
                map(secret.get("data")).forEach((key, value) -> {
                    String plain = decode(value);
                    if (key.equals("password")) {
                        assertThat(plain).as("dev secret %s", name(secret)).startsWith("dev-only-");
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
            for (Map<String, Object> d : ofKind("prod", "Deployment")) {
                for (Map<String, Object> c : containers(d)) {
                    for (Object e : list(c.get("env"))) {
                        Map<String, Object> ref = map(map(map(e).get("valueFrom")).get("secretKeyRef"));
                        if (!ref.isEmpty()) {
                            assertThat(templated).as("template for %s", ref).containsKey((String) ref.get("name"));
                            assertThat(templated.get((String) ref.get("name"))).contains((String) ref.get("key"));
                        }
                    }
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void everyServiceGetsTheIdentityKeysItNeedsFromSecrets(String overlay) {
            for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
                String what = overlay + "/" + name(d);
                Map<String, Map<String, Object>> env = envByName(d);
                assertThat(env.keySet().stream().filter(n -> n.startsWith("PAYCLOUD_IDENTITY_")))
                        .as("identity keys of %s", what).containsExactlyInAnyOrderElementsOf(identityOf(name(d)));
                for (String key : identityOf(name(d))) {
                    Map<String, Object> ref = secretKeyRef(env.get(key));
                    assertThat(env.get(key)).as("%s of %s", key, what).doesNotContainKey("value");
                    assertThat(ref).as("%s of %s comes from a Secret", key, what).containsKeys("name", "key");
                    assertThat(ref.get("optional")).as("%s of %s is required", key, what).isNotEqualTo(true);
                }
            }
            // every service verifies with the same public keys and signs with the same service key
            for (String key : SERVICE_IDENTITY) {
                assertThat(ofKind(overlay, "Deployment").stream().filter(d -> identityOf(name(d)).contains(key))
                        .map(d -> secretKeyRef(envByName(d).get(key))).distinct())
                        .as("the Secret of %s", key).hasSize(1);
            }
            // the gateway's ops login is the registry's
            Map<String, Map<String, Object>> gateway = envByName(Kustomize.find(rendered(overlay), "Deployment", "gateway-service"));
            Map<String, Map<String, Object>> registry = envByName(Kustomize.find(rendered(overlay), "Deployment", "registry-service"));
            for (String key : List.of("PAYCLOUD_OPS_USERNAME", "PAYCLOUD_OPS_PASSWORD")) {
                assertThat(secretKeyRef(gateway.get(key))).as("%s of the gateway", key).containsKeys("name", "key")
                        .isEqualTo(secretKeyRef(registry.get(key)));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void onlyTheGatewayCanReachTheGatewayPrivateKey(String overlay) {
            Map<String, Object> gateway = Kustomize.find(rendered(overlay), "Deployment", "gateway-service");
            Map<String, Object> ref = secretKeyRef(envByName(gateway).get(GATEWAY_PRIVATE_KEY));
            String secret = (String) ref.get("name");
            assertThat(secret).as("the gateway private key has a Secret of its own")
                    .isNotEqualTo(secretKeyRef(envByName(gateway).get(SERVICE_PRIVATE_KEY)).get("name"))
                    .isNotEqualTo(secretKeyRef(envByName(gateway).get(GATEWAY_PUBLIC_KEY)).get("name"));
            // the gateway reads nothing else from it
            assertThat(envByName(gateway).entrySet()).filteredOn(e -> secret.equals(secretKeyRef(e.getValue()).get("name")))
                    .extracting(Map.Entry::getKey).containsExactly(GATEWAY_PRIVATE_KEY);
            List<Map<String, Object>> workloads = new ArrayList<>(rendered(overlay));
            workloads.removeIf(w -> !List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod")
                    .contains(w.get("kind")));
            for (Map<String, Object> w : workloads) {
                if (w.get("kind").equals("Deployment") && name(w).equals("gateway-service")) {
                    continue;
                }
                String what = overlay + "/" + w.get("kind") + "/" + name(w);
                assertThat(referencedSecrets(w.get("spec"))).as("Secrets %s can read", what).doesNotContain(secret);
                assertThat(envNames(w)).as("env of %s", what).doesNotContain(GATEWAY_PRIVATE_KEY);
            }
            // the Secret holds the one key, and (where rendered) no other Secret holds its value
            Map<String, Object> template = Kustomize.readAll(ROOT.resolve("k8s/base/secrets.example.yaml")).stream()
                    .filter(t -> secret.equals(name(t))).findFirst().orElseGet(() -> fail("no template for " + secret));
            assertThat(map(template.get("stringData")).keySet()).containsExactly((String) ref.get("key"));
            if (overlay.equals("dev")) {
                Map<String, Object> generated = Kustomize.find(rendered(overlay), "Secret", secret);
                assertThat(map(generated.get("data")).keySet()).containsExactly((String) ref.get("key"));
                String value = decode(map(generated.get("data")).get(ref.get("key")));
                for (Map<String, Object> other : ofKind(overlay, "Secret")) {
                    if (!name(other).equals(secret)) {
                        assertThat(map(other.get("data")).values()).as("Secret %s", name(other))
                                .noneMatch(v -> decode(v).contains(value));
                    }
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void accountServiceAloneGetsTheKycKeyFromASecret(String overlay) {
            Map<String, Object> account = Kustomize.find(rendered(overlay), "Deployment", "account-service");
            Map<String, Object> env = envByName(account).get(KYC_KEY);
            assertThat(env).as("KYC_ENCRYPTION_KEY of account-service").isNotNull().doesNotContainKey("value");
            Map<String, Object> ref = secretKeyRef(env);
            assertThat(ref).containsKeys("name", "key");
            assertThat(ref.get("optional")).isNotEqualTo(true);
            for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
                if (!name(d).equals("account-service")) {
                    assertThat(envNames(d)).as("env of %s", name(d)).doesNotContain(KYC_KEY);
                    assertThat(referencedSecrets(d.get("spec"))).as("Secrets of %s", name(d)).doesNotContain((String) ref.get("name"));
                }
            }
        }

        @Test
        void theDevOverlayBringsEverySecretItsPodsReadAndItsKeysWork() throws Exception {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind("dev", "Deployment"));
            workloads.addAll(ofKind("dev", "StatefulSet"));
            for (Map<String, Object> w : workloads) {
                for (Map<String, Object> env : envByName(w).values()) {
                    Map<String, Object> ref = secretKeyRef(env);
                    if (!ref.isEmpty() && !Boolean.TRUE.equals(ref.get("optional"))) {
                        Map<String, Object> secret = ofKind("dev", "Secret").stream()
                                .filter(s -> ref.get("name").equals(name(s))).findFirst()
                                .orElseGet(() -> fail("dev has no Secret " + ref.get("name") + " for " + name(w)));
                        assertThat(map(secret.get("data"))).as("Secret %s", ref.get("name")).containsKey((String) ref.get("key"));
                    }
                }
            }
            Map<String, String> keys = devSecretValues();
            assertIdentityKeys("dev overlay", keys);
            assertKycKey("dev overlay", keys.get(KYC_KEY));
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
                    boolean outside = from.isEmpty() || from.stream().map(Kustomize::map)
                            .anyMatch(peer -> peer.containsKey("ipBlock") || peer.containsKey("namespaceSelector"));
                    if (outside) {
                        Map<String, Object> selector = map(map(spec.get("podSelector")).get("matchLabels"));
                        open.add(String.valueOf(selector.get("app.kubernetes.io/name")));
                        assertThat(selector).as("policy %s admits outside traffic", name(p))
                                .containsOnly(Map.entry("app.kubernetes.io/name", "gateway-service"));
                    }
                }
            }
            assertThat(open).containsExactly("gateway-service");
            // every workload is covered by the default deny, and its own pods by some allow rule
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(overlay, "Deployment"));
            workloads.addAll(ofKind(overlay, "StatefulSet"));
            for (Map<String, Object> w : workloads) {
                Map<String, Object> labels = map(map(map(map(w.get("spec")).get("template")).get("metadata")).get("labels"));
                assertThat(policies).as("an allow rule for %s", name(w)).anySatisfy(p -> {
                    Map<String, Object> selector = map(map(map(p.get("spec")).get("podSelector")).get("matchLabels"));
                    assertThat(selector).isNotEmpty();
                    assertThat(labels).containsAllEntriesOf(selector);
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

        @Test
        void prodRunsAtLeastTwoOfGatewayPaymentAndAccountAndDevOneOfEach() {
            for (Map<String, Object> d : ofKind("prod", "Deployment")) {
                if (AUTOSCALED.contains(name(d))) {
                    assertThat(replicas(d)).as("prod replicas of %s", name(d)).isGreaterThanOrEqualTo(2);
                    assertThat(((Number) map(Kustomize.find(rendered("prod"), "HorizontalPodAutoscaler", name(d))
                            .get("spec")).get("minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
                }
            }
            assertThat(replicas(Kustomize.find(rendered("prod"), "Deployment", "registry-service"))).isEqualTo(1);
            assertThat(ofKind("dev", "Deployment")).allSatisfy(d -> assertThat(replicas(d)).isEqualTo(1));
        }

        @Test
        void devRunsMySqlAndRedisInTheNamespaceAndProdPointsAtExternalOnes() {
            assertThat(ofKind("dev", "StatefulSet")).extracting(Kustomize::name)
                    .containsExactlyInAnyOrder("mysql", "redis");
            assertThat(containers(Kustomize.find(rendered("dev"), "StatefulSet", "mysql")).get(0).get("image"))
                    .isEqualTo("mysql:8.4");
            assertThat(containers(Kustomize.find(rendered("dev"), "StatefulSet", "redis")).get(0).get("image"))
                    .isEqualTo("redis:7");
            assertThat(ofKind("prod", "StatefulSet")).isEmpty();
            Map<String, Object> dev = map(Kustomize.find(rendered("dev"), "ConfigMap", "paycloud-config").get("data"));
            Map<String, Object> prod = map(Kustomize.find(rendered("prod"), "ConfigMap", "paycloud-config").get("data"));
            assertThat(dev).containsEntry("DB_HOST", "mysql").containsEntry("REDIS_HOST", "redis");
            assertThat(prod.get("DB_HOST")).isNotEqualTo("mysql");
            assertThat(prod.get("REDIS_HOST")).isNotEqualTo("redis");
            assertThat(Kustomize.find(rendered("dev"), "ConfigMap", "mysql-init")).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"dev", "prod"})
        void eurekaStaysTheDiscoveryAndEveryServiceRunsTheK8sProfile(String overlay) {
            Map<String, Object> config = map(Kustomize.find(rendered(overlay), "ConfigMap", "paycloud-config").get("data"));
            assertThat(config).containsEntry("SPRING_PROFILES_ACTIVE", "k8s")
                    .containsEntry("EUREKA_URL", "http://registry-service:8761/eureka/")
                    .containsKeys("DB_HOST", "DB_PORT", "REDIS_HOST", "REDIS_PORT");
            Map<String, Object> registry = map(Kustomize.find(rendered(overlay), "Service", "registry-service").get("spec"));
            assertThat(list(registry.get("ports"))).anySatisfy(p -> assertThat(map(p).get("port")).isEqualTo(8761));
            for (Map<String, Object> d : ofKind(overlay, "Deployment")) {
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
                assertThat(docs).extracting(d -> d.get("kind") + "/" + name(d))
                        .contains("Deployment/" + service, "Service/" + service, "PodDisruptionBudget/" + service);
            }
        }

        @Test
        void theFallbackRendererAgreesWithKustomize() {
            Optional<List<String>> kustomize = Kustomize.realKustomize();
            if (kustomize.isEmpty()) {
                log.info("no kustomize here: the overlays were rendered by the fallback only");
                return;
            }
            for (String overlay : List.of("dev", "prod")) {
                Map<String, Object> real = byId(rendered(overlay));
                Map<String, Object> subset = byId(Kustomize.renderWithSubset(ROOT.resolve("k8s/overlays/" + overlay)));
                assertThat(subset).as("fallback rendering of %s", overlay).isEqualTo(real);
            }
        }
    }

    @Nested
    class Compose {

        Map<String, Object> compose = Kustomize.readOne(ROOT.resolve("docker-compose.yml"));
        Map<String, Object> services = map(compose.get("services"));

        @Test
        void runsMySqlRedisTheRegistryTheGatewayAndTheFourServices() {
            assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(
                    Stream.concat(Stream.of("mysql", "redis"), SERVICES.stream()).toList());
            assertThat(map(services.get("mysql")).get("image")).isEqualTo("mysql:8.4");
            assertThat(map(services.get("redis")).get("image")).isEqualTo("redis:7");
            for (String service : SERVICES) {
                Map<String, Object> s = map(services.get(service));
                assertThat(map(map(s.get("build")).get("args"))).as("build of %s", service)
                        .containsEntry("SERVICE", service);
                assertThat(map(s.get("environment"))).as("environment of %s", service)
                        .containsEntry("SPRING_PROFILES_ACTIVE", "docker");
            }
        }

        @Test
        void everyContainerHasAHealthcheckAndAMemoryLimit() {
            services.forEach((name, value) -> {
                Map<String, Object> s = map(value);
                assertThat(strings(map(s.get("healthcheck")).get("test"))).as("healthcheck of %s", name).isNotEmpty();
                Object limit = Optional.ofNullable(s.get("mem_limit")).orElse(
                        map(map(map(s.get("deploy")).get("resources")).get("limits")).get("memory"));
                assertThat(limit).as("memory limit of %s", name).isNotNull();
            });
        }

        @Test
        void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
            services.forEach((name, value) -> {
                Object dependsOn = map(value).get("depends_on");
                if (dependsOn != null) {
                    assertThat(dependsOn).as("depends_on of %s uses conditions", name).isInstanceOf(Map.class);
                    map(dependsOn).forEach((dep, cond) -> assertThat(map(cond).get("condition"))
                            .as("%s waits for %s", name, dep).isEqualTo("service_healthy"));
                }
            });
            for (String service : SERVICES) {
                if (!service.equals("registry-service")) {
                    assertThat(map(map(services.get(service)).get("depends_on"))).as(service)
                            .containsKeys("registry-service", "redis");
                }
            }
            DATABASE_OF.keySet().forEach(s -> assertThat(map(map(services.get(s)).get("depends_on"))).containsKey("mysql"));
        }

        @Test
        void onlyTheGatewayAndTheAdminConsoleArePublished() {
            Map<String, Set<Integer>> published = new TreeMap<>();
            services.forEach((name, value) -> {
                for (Object port : list(map(value).get("ports"))) {
                    published.computeIfAbsent(name, n -> new TreeSet<>()).add(containerPort(port));
                }
            });
            assertThat(published).isEqualTo(Map.of("gateway-service", Set.of(8080), "registry-service", Set.of(8761)));
        }

        @Test
        void passwordsComeFromTheEnvironmentWithLocalDefaults() {
            Pattern fromEnv = Pattern.compile("\\$\\{[A-Z_]+(:?-[^}]*)?}");
            services.forEach((name, value) -> map(map(value).get("environment")).forEach((key, v) -> {
                if (key.matches(".*(PASSWORD|SECRET|PRIVATE_KEY|ENCRYPTION_KEY|IDENTITY).*")) {
                    assertThat(String.valueOf(v)).as("%s of %s", key, name).matches(fromEnv);
                }
            }));
            for (Map.Entry<String, String> e : DATABASE_OF.entrySet()) {
                Map<String, Object> env = map(map(services.get(e.getKey())).get("environment"));
                assertThat(env).containsEntry("DB_USER", e.getValue()).containsEntry("DB_HOST", "mysql")
                        .containsEntry("EUREKA_URL", "http://registry-service:8761/eureka/");
            }
        }

        @Test
        void servicesGetTheIdentityKeysTheyNeedFromTheEnvironment() throws Exception {
            Pattern fromEnv = Pattern.compile("\\$\\{([A-Z_]+):-([^}]+)}");
            Map<String, Set<String>> defaults = new TreeMap<>();
            for (String service : SERVICES) {
                Map<String, Object> env = map(map(services.get(service)).get("environment"));
                assertThat(env.keySet().stream().filter(k -> k.startsWith("PAYCLOUD_IDENTITY_")))
                        .as("identity keys of %s", service).containsExactlyInAnyOrderElementsOf(identityOf(service));
                for (String key : identityOf(service)) {
                    Matcher m = fromEnv.matcher(String.valueOf(env.get(key)));
                    assertThat(m.matches()).as("%s of %s is ${%s:-local default}", key, service, key).isTrue();
                    assertThat(m.group(1)).as("%s of %s", key, service).isEqualTo(key);
                    defaults.computeIfAbsent(key, k -> new TreeSet<>()).add(m.group(2));
                }
            }
            // one development set: every service verifies what the others sign
            defaults.forEach((key, values) -> assertThat(values).as("defaults of %s", key).hasSize(1));
            Map<String, String> keys = new TreeMap<>();
            defaults.forEach((key, values) -> keys.put(key, values.iterator().next()));
            assertIdentityKeys("docker-compose.yml defaults", keys);
            // nothing but the gateway holds its private key, under any name
            String gatewayPrivate = keys.get(GATEWAY_PRIVATE_KEY);
            services.forEach((name, value) -> {
                if (!name.equals("gateway-service")) {
                    assertThat(map(map(value).get("environment")).values()).as("environment of %s", name)
                            .noneMatch(v -> String.valueOf(v).contains(gatewayPrivate));
                }
            });
            // the same set as the dev overlay's dev-only Secrets (docs/deploy.md documents one set)
            Map<String, String> dev = devSecretValues();
            keys.forEach((key, value) -> assertThat(dev.get(key)).as("dev overlay %s", key).isEqualTo(value));
        }

        @Test
        void theGatewayGetsTheOpsLoginAndAccountServiceTheKycKeyFromTheEnvironment() {
            Map<String, Object> gateway = map(map(services.get("gateway-service")).get("environment"));
            Map<String, Object> registry = map(map(services.get("registry-service")).get("environment"));
            for (String key : List.of("PAYCLOUD_OPS_USERNAME", "PAYCLOUD_OPS_PASSWORD")) {
                assertThat(gateway.get(key)).as("%s of the gateway", key).isNotNull().isEqualTo(registry.get(key));
                assertThat(String.valueOf(gateway.get(key))).startsWith("${" + key + ":-");
            }
            Matcher kyc = Pattern.compile("\\$\\{KYC_ENCRYPTION_KEY:-([^}]+)}").matcher(String.valueOf(
                    map(map(services.get("account-service")).get("environment")).get(KYC_KEY)));
            assertThat(kyc.matches()).as("KYC_ENCRYPTION_KEY of account-service is ${KYC_ENCRYPTION_KEY:-local default}").isTrue();
            assertKycKey("docker-compose.yml default", kyc.group(1));
            assertThat(kyc.group(1)).as("the same key as the dev overlay's").isEqualTo(devSecretValues().get(KYC_KEY));
            services.forEach((name, value) -> {
                if (!name.equals("account-service")) {
                    assertThat(map(map(value).get("environment"))).as("environment of %s", name).doesNotContainKey(KYC_KEY);
                }
            });
        }

        @Test
        void mysqlRunsTheInitScriptsOfDockerMysqlInit() {
            assertThat(strings(map(services.get("mysql")).get("volumes")))
                    .anySatisfy(v -> assertThat(v).startsWith("./docker/mysql/init:/docker-entrypoint-initdb.d"));
        }

        @Test
        void composeToolingAcceptsTheFile() {
            List<List<String>> tools = List.of(List.of("docker", "compose"), List.of("docker-compose"));
            for (List<String> tool : tools) {
                List<String> version = new ArrayList<>(tool);
                version.add("version");
                if (Kustomize.run(version).exit() != 0) {
                    continue;
                }
                List<String> config = new ArrayList<>(tool);
                config.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config", "-q"));
                Kustomize.Result result = Kustomize.run(config);
                log.info("validated docker-compose.yml with '{}'", String.join(" ", tool));
                assertThat(result.exit()).as(result.output()).isZero();
                return;
            }
            log.info("no docker compose plugin or docker-compose here: docker-compose.yml checked structurally only");
        }
    }

    @Nested
    class Images {

        String dockerfile = Kustomize.read(ROOT.resolve("Dockerfile"));

        @Test
        void oneMultiStageDockerfileBuildsLayeredNonRootImages() {
            assertThat(dockerfile).contains("ARG SERVICE")
                    .containsPattern("(?m)^FROM eclipse-temurin:17-jdk AS build")
                    .contains("-pl \"${SERVICE}\" -am")
                    .contains("java -Djarmode=tools -jar application.jar extract --layers --launcher")
                    .containsPattern("(?m)^FROM eclipse-temurin:17-jre\\s*$")
                    .containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"healthcheck\"]")
                    .containsPattern("JAVA_TOOL_OPTIONS=\"[^\"]*-XX:MaxRAMPercentage=")
                    .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
            for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
                assertThat(dockerfile).contains("/extract/layers/" + layer + "/");
            }
            Matcher user = Pattern.compile("(?m)^USER (\\d+)(:\\d+)?\\s*$").matcher(dockerfile);
            assertThat(user.find()).as("a numeric USER").isTrue();
            assertThat(Integer.parseInt(user.group(1))).isPositive();
            assertThat(dockerfile.lastIndexOf("USER ")).isGreaterThan(dockerfile.lastIndexOf("FROM "));
            // the image's uid is the one Kubernetes runs as
            for (String overlay : List.of("dev", "prod")) {
                ofKind(overlay, "Deployment").forEach(d -> assertThat(map(podSpec(d).get("securityContext"))
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
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "payment-service",
                        "PORT", String.valueOf(server.getAddress().getPort()));
                Path script = ROOT.resolve("docker/healthcheck.sh");
                assertThat(Kustomize.run(List.of("bash", script.toString()), env, tmp).exit()).isZero();
                assertThat(Kustomize.run(List.of("bash", script.toString(), "/actuator/health/liveness"), env, tmp)
                        .exit()).isNotZero();
                assertThat(seen).containsExactly("GET /actuator/health/readiness", "GET /actuator/health/liveness");
            } finally {
                server.stop(0);
            }
            // nothing listening: unhealthy, not hanging
            Map<String, String> closed = Map.of("PORT", String.valueOf(server.getAddress().getPort()));
            assertThat(Kustomize.run(List.of("bash", ROOT.resolve("docker/healthcheck.sh").toString()), closed, tmp)
                    .exit()).isNotZero();
        }

        @Test
        void preStopTakesTheInstanceOutOfEurekaBeforeWaiting(@TempDir Path tmp) throws IOException {
            List<String> seen = new CopyOnWriteArrayList<>();
            HttpServer eureka = server(exchange -> {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            try {
                Map<String, String> env = Map.of("PAYCLOUD_SERVICE", "payment-service",
                        "EUREKA_INSTANCE_HOSTNAME", "10.1.2.3",
                        "EUREKA_URL", "http://127.0.0.1:" + eureka.getAddress().getPort() + "/eureka/");
                Kustomize.Result result = Kustomize.run(
                        List.of("bash", ROOT.resolve("docker/prestop.sh").toString(), "0"), env, tmp);
                assertThat(result.exit()).as(result.output()).isZero();
                // the instance id the services register with: name:hostname:port (application.yml)
                assertThat(seen).containsExactly(
                        "PUT /eureka/apps/PAYMENT-SERVICE/payment-service:10.1.2.3:8081/status?value=OUT_OF_SERVICE");
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
        void initCreatesOneDatabaseAndOneUserPerServiceGrantedOnlyItsOwn(@TempDir Path tmp) throws IOException {
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
            env.put("RISK_DB_PASSWORD", "rsk");
            env.put("ANALYTICS_DB_PASSWORD", "ana");
            Kustomize.Result result = Kustomize.run(List.of("bash", script.toString()), env, tmp);
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(Kustomize.read(tmp.resolve("args"))).contains("-uroot").contains("pwd: root-pw");

            String sql = Kustomize.read(sqlOut);
            List<String> grants = sql.lines().filter(l -> l.startsWith("GRANT")).toList();
            for (String db : DATABASE_OF.values()) {
                assertThat(sql).contains("CREATE DATABASE IF NOT EXISTS `" + db + "` CHARACTER SET utf8mb4");
                assertThat(sql).contains("CREATE USER IF NOT EXISTS '" + db + "'@'%'");
                assertThat(grants).contains("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + db + "'@'%';");
            }
            assertThat(grants).hasSize(4).noneMatch(g -> g.contains("*.*"));
            assertThat(sql).contains("IDENTIFIED BY 'p''ay'");

            env.remove("RISK_DB_PASSWORD");
            assertThat(Kustomize.run(List.of("bash", script.toString()), env, tmp).exit())
                    .as("a missing password stops the init").isNotZero();
        }

        @Test
        void theDatabaseUsersMatchTheServicesSecretsAndComposeEnvironment() {
            for (Map.Entry<String, String> e : DATABASE_OF.entrySet()) {
                String secret = e.getKey().replace("-service", "-db");
                Map<String, Object> dev = map(Kustomize.find(rendered("dev"), "Secret", secret).get("data"));
                assertThat(decode(dev.get("username"))).isEqualTo(e.getValue());
                Map<String, Object> mysql = Kustomize.find(rendered("dev"), "StatefulSet", "mysql");
                assertThat(containers(mysql).get(0).get("env").toString())
                        .contains(e.getValue().toUpperCase() + "_DB_PASSWORD").contains(secret);
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

    /** A Secret's data value in plain text (kustomize wraps long base64 values over lines). */
    static String decode(Object base64) {
        return new String(java.util.Base64.getMimeDecoder().decode(String.valueOf(base64)), StandardCharsets.UTF_8);
    }

    /** The dev overlay's identity and KYC keys by the environment variable each Deployment puts them in. */
    static Map<String, String> devSecretValues() {
        Map<String, String> values = new TreeMap<>();
        for (String service : List.of("gateway-service", "account-service")) {
            envByName(Kustomize.find(rendered("dev"), "Deployment", service)).forEach((name, env) -> {
                Map<String, Object> ref = secretKeyRef(env);
                if ((name.startsWith("PAYCLOUD_IDENTITY_") || name.equals(KYC_KEY)) && !ref.isEmpty()) {
                    Map<String, Object> secret = Kustomize.find(rendered("dev"), "Secret", (String) ref.get("name"));
                    values.put(name, decode(map(secret.get("data")).get(ref.get("key"))));
                }
            });
        }
        return values;
    }

    /** Both Ed25519 pairs parse and match (what one signs the other verifies), and the two differ. */
    static void assertIdentityKeys(String what, Map<String, String> keys) throws java.security.GeneralSecurityException {
        assertThat(keys).as("identity keys of %s", what).containsKeys(GATEWAY_IDENTITY.toArray(String[]::new));
        assertKeyPair(what + " gateway pair", keys.get(GATEWAY_PUBLIC_KEY), keys.get(GATEWAY_PRIVATE_KEY));
        assertKeyPair(what + " service pair", keys.get(SERVICE_PUBLIC_KEY), keys.get(SERVICE_PRIVATE_KEY));
        assertThat(keys.get(GATEWAY_PRIVATE_KEY)).as("%s: the gateway and service keys differ", what)
                .isNotEqualTo(keys.get(SERVICE_PRIVATE_KEY));
    }

    static void assertKeyPair(String what, String publicKey, String privateKey) throws java.security.GeneralSecurityException {
        java.security.KeyFactory factory = java.security.KeyFactory.getInstance("Ed25519");
        java.security.PublicKey pub = factory.generatePublic(
                new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(publicKey.strip())));
        java.security.PrivateKey priv = factory.generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(privateKey.strip())));
        byte[] message = what.getBytes(StandardCharsets.UTF_8);
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(priv);
        signer.update(message);
        byte[] signature = signer.sign();
        signer.initVerify(pub);
        signer.update(message);
        assertThat(signer.verify(signature)).as("%s: the public key verifies what the private key signs", what).isTrue();
    }

    /** An AES-256 key in base64, not the embedded profile's published one (the service refuses that one). */
    static void assertKycKey(String what, String key) {
        assertThat(key).as("KYC key of %s", what).isNotBlank();
        assertThat(java.util.Base64.getDecoder().decode(key.strip())).as("KYC key of %s", what).hasSize(32);
        assertThat(key.strip()).as("KYC key of %s", what).isNotEqualTo(EMBEDDED_KYC_KEY);
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

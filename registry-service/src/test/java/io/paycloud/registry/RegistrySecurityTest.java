package io.paycloud.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.netflix.eureka.EurekaClientConfigBean;
import org.springframework.cloud.netflix.eureka.EurekaServiceInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.discovery.shared.Application;
import com.netflix.eureka.registry.PeerAwareInstanceRegistry;

import de.codecentric.boot.admin.server.cloud.discovery.ServiceInstanceConverter;
import de.codecentric.boot.admin.server.config.AdminServerProperties;
import de.codecentric.boot.admin.server.domain.entities.Instance;
import de.codecentric.boot.admin.server.domain.values.InstanceId;
import de.codecentric.boot.admin.server.web.client.BasicAuthHttpHeaderProvider;
import io.paycloud.common.testsupport.TestTimes;

/**
 * The registry's three doors and their three credentials: Eureka's REST API takes the registry
 * credential only, actuator (on the management port) the monitoring credential only, the console
 * each operator's own sign-in through the issuer; and the console hands the monitoring credential to the platform's own
 * applications and to nobody else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RegistrySecurityTest {

    static final String REGISTRY = basic("registry", "registry-dev");
    static final String WRONG_PASSWORD = basic("registry", "registry-wrong");
    /** The console's old shared login, which must open nothing anywhere. */
    static final String OPS = basic("ops", "ops");
    static final StubIssuer issuer = new StubIssuer();

    @DynamicPropertySource
    static void operatorsIssuer(DynamicPropertyRegistry r) {
        r.add("paycloud.operators.issuer", () -> StubIssuer.ISSUER);
        r.add("paycloud.operators.authorization-uri", () -> issuer.url("/oauth2/authorize"));
        r.add("paycloud.operators.token-uri", () -> issuer.url("/oauth2/token"));
        r.add("paycloud.operators.jwk-set-uri", () -> issuer.url("/oauth2/jwks"));
    }

    @AfterAll
    static void stopIssuer() {
        issuer.stop();
    }
    static final String MONITORING = basic("monitor", "monitor-dev");

    record Credential(String name, String header) {
    }

    /** Everything but the registry credential: each must be refused by Eureka's API alike. */
    static final List<Credential> NOT_REGISTRY = List.of(new Credential("anonymous", null),
            new Credential("wrong registry password", WRONG_PASSWORD), new Credential("old ops login", OPS),
            new Credential("an operator's own secret", basic("boss", "right")),
            new Credential("monitoring credential", MONITORING));

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    PeerAwareInstanceRegistry eureka;

    @Test
    void registeringWithoutTheRegistryCredentialIsRefusedAndListsNothing() throws Exception {
        for (Credential credential : NOT_REGISTRY) {
            assertThat(send("POST", "/eureka/apps/EVIL-SERVICE", credential.header(), instance("EVIL-SERVICE", "evil:1"))
                    .statusCode()).as(credential.name()).isEqualTo(401);
            assertThat(send("GET", "/eureka/apps/EVIL-SERVICE", REGISTRY, null).statusCode()).as(credential.name())
                    .isEqualTo(404);
            assertThat(send("GET", "/eureka/apps", REGISTRY, null).body()).as(credential.name()).doesNotContain("evil:1");
            assertThat(eureka.getApplication("EVIL-SERVICE")).as(credential.name()).isNull();
        }
    }

    @Test
    void readingWithoutTheRegistryCredentialIsRefused() throws Exception {
        register("READ-TARGET", "read:1");
        try {
            for (Credential credential : NOT_REGISTRY) {
                for (String path : List.of("/eureka/apps", "/eureka/apps/delta", "/eureka/apps/READ-TARGET",
                        "/eureka/apps/READ-TARGET/read:1", "/eureka/instances/read:1", "/eureka/vips/read-target")) {
                    HttpResponse<String> read = send("GET", path, credential.header(), null);
                    assertThat(read.statusCode()).as("%s %s", credential.name(), path).isEqualTo(401);
                    assertThat(read.headers().firstValue("Content-Type")).as("%s %s", credential.name(), path)
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                    assertThat(read.body()).as("%s %s", credential.name(), path).doesNotContain("instanceId", "vipAddress");
                }
            }
        } finally {
            deregister("READ-TARGET", "read:1");
        }
    }

    @Test
    void deletingOrChangingAnInstanceWithoutTheRegistryCredentialIsRefusedAndItStays() throws Exception {
        register("DELETE-TARGET", "delete:1");
        try {
            for (Credential credential : NOT_REGISTRY) {
                assertThat(send("DELETE", "/eureka/apps/DELETE-TARGET/delete:1", credential.header(), null).statusCode())
                        .as("delete, " + credential.name()).isEqualTo(401);
                assertThat(send("PUT", "/eureka/apps/DELETE-TARGET/delete:1/status?value=OUT_OF_SERVICE",
                        credential.header(), null).statusCode()).as("status override, " + credential.name()).isEqualTo(401);
                assertThat(send("PUT", "/eureka/apps/DELETE-TARGET/delete:1/metadata?management.port=1",
                        credential.header(), null).statusCode()).as("metadata, " + credential.name()).isEqualTo(401);
                InstanceInfo target = eureka.getApplication("DELETE-TARGET").getByInstanceId("delete:1");
                assertThat(target).as(credential.name()).isNotNull();
                assertThat(target.getStatus()).as(credential.name()).isEqualTo(InstanceInfo.InstanceStatus.UP);
                assertThat(target.getMetadata()).as(credential.name()).containsEntry("management.port", "9998");
            }
        } finally {
            deregister("DELETE-TARGET", "delete:1");
        }
    }

    @Test
    void anotherSpellingOfTheEurekaPathIsRefusedToo() throws Exception {
        for (Credential credential : NOT_REGISTRY) {
            assertThat(send("POST", "/%65ureka/apps/SPELLING-EVIL", credential.header(), instance("SPELLING-EVIL", "evil:1"))
                    .statusCode()).as(credential.name()).isEqualTo(401);
            assertThat(send("GET", "/%65ureka/apps", credential.header(), null).statusCode()).as(credential.name())
                    .isEqualTo(401);
            assertThat(eureka.getApplication("SPELLING-EVIL")).as(credential.name()).isNull();
        }
    }

    @Test
    void theRegistryCredentialRegistersReadsAndDeletes() throws Exception {
        assertThat(send("POST", "/eureka/apps/CONTROL-SERVICE", REGISTRY, instance("CONTROL-SERVICE", "control:1")).statusCode())
                .isEqualTo(204);
        HttpResponse<String> read = send("GET", "/eureka/apps/CONTROL-SERVICE", REGISTRY, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("control:1");
        assertThat(send("GET", "/eureka/apps", REGISTRY, null).body()).contains("control:1");
        assertThat(send("DELETE", "/eureka/apps/CONTROL-SERVICE/control:1", REGISTRY, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/eureka/apps/CONTROL-SERVICE", REGISTRY, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theRegistrysOwnClientReadsWithTheRegistryCredential(@Autowired EurekaClientConfigBean client) throws Exception {
        List<String> urls = client.getEurekaServerServiceUrls(EurekaClientConfigBean.DEFAULT_ZONE);
        assertThat(urls).hasSize(1);
        String userInfo = URI.create(urls.get(0)).getUserInfo();
        assertThat(userInfo).isEqualTo("registry:registry-dev");
        String[] credential = userInfo.split(":", 2);
        assertThat(send("GET", "/eureka/apps", basic(credential[0], credential[1]), null).statusCode()).isEqualTo(200);
    }

    @Test
    void eachOperatorSignsInToTheConsoleThroughTheIssuerAndViewersOnlyRead() throws Exception {
        String viewer = signIn("ana");
        assertThat(viewer).as("ana signed in").isNotNull();
        Map<String, String> asked = issuer.lastAuthorization;
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", "paycloud-console")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge")
                .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/login/oauth2/code/paycloud");
        assertThat(asked.get("scope")).contains("openid");
        assertThat(send("GET", "/admin/applications", null, null, viewer).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/admin/instances/x/actuator/loggers", null, "{}", viewer).statusCode())
                .as("a viewer changes nothing").isEqualTo(403);
        String admin = signIn("boss");
        assertThat(send("GET", "/admin/applications", null, null, admin).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/admin/instances/x/actuator/loggers", null, "{}", admin).statusCode()).isNotIn(401, 403);
        assertThat(send("POST", "/admin/logout", null, null, admin).statusCode()).isEqualTo(302);
        assertThat(send("GET", "/admin/applications", null, null, admin).statusCode()).as("signed out").isEqualTo(401);

        assertThat(signIn("tess")).as("treasury has no business in the console").isNull();
        for (String credential : new String[] {null, OPS, REGISTRY, MONITORING, basic("boss", "right")}) {
            assertThat(send("GET", "/admin/applications", credential, null).statusCode()).as(String.valueOf(credential))
                    .matches(s -> s / 100 != 2, "not 2xx");
        }
        assertThat(send("GET", "/", REGISTRY, null).statusCode()).as("the Eureka dashboard").matches(s -> s / 100 != 2, "not 2xx");
    }

    @Test
    void anIdTokenForAnotherClientFromAnotherIssuerWithAnotherNonceOrExpiredIsRefused() throws Exception {
        Map<String, Object> forgeries = new java.util.LinkedHashMap<>();
        forgeries.put("iss", "http://evil.test");
        forgeries.put("aud", "another-client");
        forgeries.put("nonce", "replayed");
        forgeries.put("exp", java.util.Date.from(java.time.Instant.now().minusSeconds(3600)));
        for (Map.Entry<String, Object> forged : forgeries.entrySet()) {
            assertThat(signIn("boss", forged.getKey(), forged.getValue())).as(forged.getKey()).isNull();
        }
        assertThat(signIn("boss")).as("the control").isNotNull();
    }

    @Test
    void aBrowserIsSentToTheIssuerAndAnythingElseGetsA401Problem() throws Exception {
        HttpResponse<String> browser = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/applications"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/oauth2/authorization/paycloud"));
        HttpResponse<String> script = send("GET", "/admin/applications", null, null);
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
    }

    private String signIn(String username) throws Exception {
        return signIn(username, null, null);
    }

    /**
     * The console's sign-in as a browser goes through it (redirects followed by hand, the console's
     * cookie carried): the console's session cookie once signed in, or null when refused.
     */
    private String signIn(String username, String forgedClaim, Object forgedValue) throws Exception {
        issuer.signInAs(username);
        if (forgedClaim != null) {
            issuer.forge(forgedClaim, forgedValue);
        }
        String cookie = "";
        URI next = URI.create("http://127.0.0.1:" + port + "/admin/applications");
        for (int hop = 0; hop < 8; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(next).header("Accept", "text/html");
            if (!cookie.isEmpty() && next.getPort() == port) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                if (set.startsWith("PAYCLOUD_CONSOLE_SESSION=")) {
                    cookie = set.split(";", 2)[0];
                }
            }
            if (r.statusCode() == 200) {
                return next.getPath().equals("/admin/applications") ? cookie : null;
            }
            String location = r.headers().firstValue("Location").orElse(null);
            if (r.statusCode() != 302 || location == null || location.contains("error")) {
                return null;
            }
            next = next.resolve(location);
        }
        return null;
    }

    @Test
    void actuatorOnTheManagementPortNeedsTheMonitoringCredential() throws Exception {
        assertThat(management("/actuator/env", null).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/env", OPS).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/env", REGISTRY).statusCode()).isEqualTo(401);
        assertThat(management("/actuator", OPS).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/env", MONITORING).statusCode()).isEqualTo(200);
    }

    @Test
    void healthOnTheManagementPortShowsStatusOnlyToAnyone() throws Exception {
        HttpResponse<String> anonymous = management("/actuator/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("details");
        assertThat(management("/actuator/health", OPS).body()).doesNotContain("components");
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(management("/actuator/health", MONITORING).body()).as("details for the monitoring role")
                .contains("components");
    }

    @Test
    void theMainPortServesNoActuatorEndpoint() throws Exception {
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/env", "/actuator/prometheus")) {
            for (String credential : new String[] {null, OPS, MONITORING, REGISTRY}) {
                assertThat(send("GET", path, credential, null).statusCode()).as("%s with %s", path, credential)
                        .matches(s -> s / 100 != 2, "not 2xx");
            }
        }
    }

    @Test
    void theConsoleSendsTheMonitoringCredentialToThePlatformsApplicationsOnly(@Autowired AdminServerProperties admin) {
        AdminServerProperties.InstanceAuthProperties auth = admin.getInstanceAuth();
        assertThat(auth.isEnabled()).isTrue();
        assertThat(auth.getDefaultUserName()).isNull();
        assertThat(auth.getDefaultPassword()).isNull();
        assertThat(auth.getServiceMap()).containsOnlyKeys("GATEWAY-SERVICE", "PAYMENT-SERVICE", "ACCOUNT-SERVICE",
                "RISK-SERVICE", "ANALYTICS-SERVICE");
        assertThat(auth.getServiceMap().values()).allSatisfy(credentials -> {
            assertThat(credentials.getUserName()).isEqualTo("monitor");
            assertThat(credentials.getUserPassword()).isEqualTo("monitor-dev");
        });
    }

    /** What the console sends, for instances as Eureka hands them to it (application names upper-cased). */
    @Test
    void aRegisteredPlatformInstanceGetsTheMonitoringCredentialAndAnyOtherNone(@Autowired ServiceInstanceConverter converter,
            @Autowired BasicAuthHttpHeaderProvider headers) throws Exception {
        assertThat(send("POST", "/eureka/apps/PAYMENT-SERVICE", REGISTRY, instance("PAYMENT-SERVICE", "payment:1")).statusCode())
                .isEqualTo(204);
        assertThat(send("POST", "/eureka/apps/LOOKALIKE-SERVICE", REGISTRY, instance("LOOKALIKE-SERVICE", "lookalike:1"))
                .statusCode()).isEqualTo(204);
        try {
            assertThat(authorization(converter, headers, "PAYMENT-SERVICE")).isEqualTo(MONITORING);
            assertThat(authorization(converter, headers, "LOOKALIKE-SERVICE")).isNull();
        } finally {
            send("DELETE", "/eureka/apps/PAYMENT-SERVICE/payment:1", REGISTRY, null);
            send("DELETE", "/eureka/apps/LOOKALIKE-SERVICE/lookalike:1", REGISTRY, null);
        }
    }

    private String authorization(ServiceInstanceConverter converter, BasicAuthHttpHeaderProvider headers, String app) {
        Application application = eureka.getApplication(app);
        assertThat(application).as(app + " in Eureka").isNotNull();
        InstanceInfo info = application.getInstances().get(0);
        Instance instance = Instance.create(InstanceId.of(info.getInstanceId()))
                .register(converter.convert(new EurekaServiceInstance(info)));
        return headers.getHeaders(instance).getFirst(HttpHeaders.AUTHORIZATION);
    }

    private void register(String app, String id) throws Exception {
        assertThat(send("POST", "/eureka/apps/" + app, REGISTRY, instance(app, id)).statusCode()).isEqualTo(204);
    }

    private void deregister(String app, String id) throws Exception {
        send("DELETE", "/eureka/apps/" + app + "/" + id, REGISTRY, null);
    }

    /** An instance document as a Spring Cloud Eureka client sends it. */
    private static String instance(String app, String id) {
        return """
                {"instance":{"instanceId":"%s","hostName":"127.0.0.1","app":"%s","vipAddress":"%s","ipAddr":"127.0.0.1","status":"UP",\
                "port":{"$":9999,"@enabled":"true"},"healthCheckUrl":"http://127.0.0.1:9998/actuator/health",\
                "metadata":{"management.port":"9998"},\
                "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}"""
                .formatted(id, app, app.toLowerCase());
    }

    private HttpResponse<String> management(String path, String credential) throws Exception {
        return send(managementPort, "GET", path, credential, null);
    }

    private HttpResponse<String> send(String method, String path, String credential, String json) throws Exception {
        return send(port, method, path, credential, json);
    }

    /** With a console session: the session cookie and, for a change, the CSRF token the console's page carries. */
    private HttpResponse<String> send(String method, String path, String credential, String json, String session)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TestTimes.scaled(Duration.ofSeconds(10)))
                .header("Accept", "application/json").header("Cookie", session + "; XSRF-TOKEN=t").header("X-XSRF-TOKEN", "t")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(int port, String method, String path, String credential, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TestTimes.scaled(Duration.ofSeconds(10)))
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (credential != null) {
            request.header("Authorization", credential);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

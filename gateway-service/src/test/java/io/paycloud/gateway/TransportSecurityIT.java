package io.paycloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.paycloud.common.testsupport.TestTimes;
import tools.jackson.databind.JsonNode;

/**
 * Every hop of the running platform is TLS (docs/tls.md), checked from outside as an attacker or a
 * careless client would meet it: each port is tried in plain HTTP, in TLS without a certificate, with
 * a certificate of another CA, with a cipher suite the platform does not offer, and with the
 * platform's own certificate; the registry's registrations likewise; and a service's certificate is
 * renewed while payments flow, which none of them notices.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransportSecurityIT {

    private static final List<String> SERVICES = List.of("payment-service", "account-service", "risk-service", "analytics-service");
    private static final List<String> ALL = List.of("registry-service", "gateway-service", "payment-service", "account-service",
            "risk-service", "analytics-service");

    private static LocalPlatform platform;
    /** A client that trusts the platform's CA and presents no certificate. */
    private static final HttpClient NO_CERTIFICATE = client(PlatformCertificates.context(PlatformCertificates.DIR, null), null);
    /** A client presenting a certificate of another CA, under a platform service's name, whatever the server asks for. */
    private static final HttpClient FOREIGN = client(PlatformCertificates.foreignContext("payment-service"), null);
    /** The platform's own certificate, but offering only a TLS 1.2 suite without forward secrecy or AEAD. */
    private static final HttpClient WEAK_CIPHER = client(PlatformCertificates.context(PlatformCertificates.DIR, "gateway-service"),
            new SSLParameters(new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
                    new String[] {"TLSv1.2"}));
    private static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void bootPlatform() throws Exception {
        platform = new LocalPlatform("tls");
        platform.boot();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void eachServiceTakesOnlyMutualTlsWithThePlatformsCertificates() throws Exception {
        for (String service : SERVICES) {
            String url = "https://localhost:" + platform.port(service) + "/v1/payments";
            // plain HTTP gets no answer of the application: Tomcat's 400 "requires TLS", or nothing
            assertNoApplicationAnswer(PLAIN, "http://localhost:" + platform.port(service) + "/v1/payments", service);
            assertThatThrownBy(() -> get(NO_CERTIFICATE, url)).as(service + " without a client certificate").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(FOREIGN, url)).as(service + " with another CA's certificate").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(WEAK_CIPHER, url)).as(service + " with a CBC suite").isInstanceOf(IOException.class);
            // the platform's certificate opens the connection, not the application: its own checks still stand
            HttpResponse<String> answer = get(LocalPlatform.HTTP, url);
            assertThat(answer.statusCode()).as(service + ": " + answer.body()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).get().asString().contains("application/problem+json");
        }
    }

    @Test
    @Order(1)
    void theRegistryTakesRegistrationsAndReadsOnlyFromThePlatformsCertificates() throws Exception {
        String apps = "https://localhost:" + platform.port("registry-service") + "/eureka/apps";
        Map<String, String> credential = Map.of("Authorization", platform.registryAuthorization(), "Accept", "application/json");
        assertNoApplicationAnswer(PLAIN, "http://localhost:" + platform.port("registry-service") + "/eureka/apps", "registry");
        assertThatThrownBy(() -> get(FOREIGN, apps, credential)).as("another CA's certificate").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(WEAK_CIPHER, apps, credential)).as("a CBC suite").isInstanceOf(IOException.class);
        // the console's port asks for a certificate without requiring one (browsers): Eureka's API requires it
        assertThat(get(NO_CERTIFICATE, apps, credential).statusCode()).as("the registry credential alone").isEqualTo(403);
        HttpRequest register = HttpRequest.newBuilder(URI.create(apps + "/INTRUDER-SERVICE"))
                .timeout(TestTimes.scaled(Duration.ofSeconds(10)))
                .header("Authorization", platform.registryAuthorization()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(instance("INTRUDER-SERVICE"))).build();
        assertThat(NO_CERTIFICATE.send(register, HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("a registration with the credential and no certificate").isEqualTo(403);
        assertThatThrownBy(() -> FOREIGN.send(register, HttpResponse.BodyHandlers.ofString()))
                .as("a registration with another CA's certificate").isInstanceOf(IOException.class);
        // with the platform's certificate and the credential: every service, registered with its secure port only
        HttpResponse<String> listed = get(LocalPlatform.HTTP, apps, credential);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode applications = LocalPlatform.JSON.readTree(listed.body()).path("applications").path("application");
        List<String> names = new ArrayList<>();
        for (JsonNode application : applications) {
            names.add(application.path("name").asString());
            for (JsonNode instance : application.path("instance")) {
                assertThat(instance.path("securePort").path("@enabled").asString()).as(instance.toString()).isEqualTo("true");
                assertThat(instance.path("port").path("@enabled").asString()).as(instance.toString()).isEqualTo("false");
                assertThat(instance.path("secureHealthCheckUrl").asString()).startsWith("https://");
            }
        }
        assertThat(names).doesNotContain("INTRUDER-SERVICE").contains("PAYMENT-SERVICE", "ACCOUNT-SERVICE", "GATEWAY-SERVICE");
    }

    @Test
    @Order(1)
    void everyManagementPortIsHttpsOnly() throws Exception {
        for (String module : ALL) {
            int port = platform.managementPort(module);
            assertNoApplicationAnswer(PLAIN, "http://localhost:" + port + "/actuator/health", module + "'s management port");
            // Prometheus and the probes need no client certificate: the monitoring credential guards the rest
            assertThat(get(NO_CERTIFICATE, "https://localhost:" + port + "/actuator/health").statusCode()).as(module).isEqualTo(200);
            assertThat(get(NO_CERTIFICATE, "https://localhost:" + port + "/actuator/prometheus").statusCode()).as(module).isEqualTo(401);
        }
    }

    @Test
    @Order(1)
    void theGatewayServesHttpsWithHstsAndPlainHttpAsTheProfileSays() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().sslContext(PlatformCertificates.context(PlatformCertificates.DIR, null))
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> status = get(http2, platform.gatewayUrl() + "/status/payment");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.version()).as("HTTP/2 over TLS (ALPN)").isEqualTo(HttpClient.Version.HTTP_2);
        String hsts = status.headers().firstValue("Strict-Transport-Security").orElse("");
        assertThat(hsts).contains("includeSubDomains");
        assertThat(Long.parseLong(hsts.replaceAll(".*max-age=(\\d+).*", "$1"))).isGreaterThanOrEqualTo(31_536_000L);
        assertThatThrownBy(() -> get(WEAK_CIPHER, platform.gatewayUrl() + "/status/payment")).as("a CBC suite")
                .isInstanceOf(IOException.class);
        // a client that trusts only the public CAs does not take the development certificate
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), platform.gatewayUrl() + "/status/payment"))
                .isInstanceOf(IOException.class);

        String plain = "http://localhost:" + platform.plainHttpPort() + "/v1/payments?limit=1";
        HttpResponse<String> answer = get(PLAIN, plain);
        assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
        if (platform.profile.equals("embedded")) {
            // API.md's http://localhost:8080: the same API (no key: 401)
            assertThat(answer.statusCode()).isEqualTo(401);
        } else {
            assertThat(answer.statusCode()).isEqualTo(308);
            assertThat(answer.headers().firstValue("Location")).contains(platform.gatewayUrl() + "/v1/payments?limit=1");
            assertThat(answer.body()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void servicesTakeRenewedCertificatesWithoutARestartWhilePaymentsFlow() throws Exception {
        String admin = platform.operatorAuthorization();
        JsonNode merchant = LocalPlatform.json(platform.send("POST", "/v1/merchants", admin, "{\"name\":\"Rotation Tea\"}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        JsonNode customer = LocalPlatform.json(platform.send("POST", "/v1/customers", key,
                "{\"name\":\"Zhao Lei\",\"currency\":\"CNY\"}", null), 201);
        LocalPlatform.json(platform.send("POST", "/v1/accounts/" + customer.path("accountId").asString() + "/deposits", admin,
                "{\"amount\":900000,\"currency\":\"CNY\"}", null), 201);
        String payment = "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + customer.path("id").asString() + "\",\"confirm\":true}";

        List<String> rotated = List.of("payment-service", "account-service");
        Map<String, BigInteger> before = new java.util.HashMap<>();
        for (String service : rotated) {
            before.put(service, servedSerial(platform.port(service)));
            before.put(service + "/management", servedSerial(platform.managementPort(service)));
        }
        ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean flowing = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (flowing.get()) {
                try {
                    HttpResponse<String> r = platform.send("POST", "/v1/payments", key, payment, "rot-" + UUID.randomUUID());
                    outcomes.add(r.statusCode() + " " + LocalPlatform.JSON.readTree(r.body()).path("status").asString());
                } catch (Exception e) {
                    outcomes.add("error " + e);
                }
            }
        }, "rotation-traffic");
        traffic.start();
        try {
            await().atMost(TestTimes.scaled(Duration.ofSeconds(30))).until(() -> outcomes.size() >= 5);
            renew(rotated);
            // Boot watches the files and reloads the bundle after its quiet period; no process restarts
            await().atMost(TestTimes.scaled(Duration.ofSeconds(90))).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String service : rotated) {
                    assertThat(servedSerial(platform.port(service))).as(service).isNotEqualTo(before.get(service));
                    assertThat(servedSerial(platform.managementPort(service))).as(service + "'s management port")
                            .isNotEqualTo(before.get(service + "/management"));
                }
            });
            int atRenewal = outcomes.size();
            await().atMost(TestTimes.scaled(Duration.ofSeconds(30))).until(() -> outcomes.size() >= atRenewal + 10);
        } finally {
            flowing.set(false);
            traffic.join(TestTimes.scaledMillis(30_000));
        }
        for (String service : rotated) {
            assertThat(platform.process(service).isAlive()).as(service + " kept running").isTrue();
        }
        // every payment made before, during and after the renewal was taken and decided: no connection
        // failed, no payment failed (review is risk's answer when it was slow, never a transport failure)
        assertThat(outcomes).isNotEmpty().allSatisfy(outcome -> assertThat(outcome).isIn("201 succeeded", "201 requires_review"));
        assertThat(outcomes).contains("201 succeeded");
    }

    /** Renews the certificates in the platform's directory, as bin/dev-certs does when they near their end. */
    private static void renew(List<String> services) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", PlatformCertificates.ROOT.resolve("bin/dev-certs").toString(),
                PlatformCertificates.DIR.toString()));
        cmd.addAll(services);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PAYCLOUD_CERT_RENEW", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    /** The serial number of the certificate a port presents now (a fresh handshake, as the platform's own client). */
    private static BigInteger servedSerial(int port) throws IOException {
        SSLContext context = PlatformCertificates.context(PlatformCertificates.DIR, "gateway-service");
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static void assertNoApplicationAnswer(HttpClient client, String url, String what) {
        try {
            HttpResponse<String> r = get(client, url);
            // Tomcat answers a plain request on a TLS port with a bare 400 of its own, before any application code
            assertThat(r.statusCode()).as(what + " in plain HTTP: " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(what).doesNotContain("requestId").doesNotContain("\"status\"");
        } catch (IOException e) {
            // or closes the connection (Netty)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String instance(String app) {
        return "{\"instance\":{\"instanceId\":\"intruder\",\"hostName\":\"localhost\",\"app\":\"" + app + "\",\"ipAddr\":\"127.0.0.1\","
                + "\"status\":\"UP\",\"port\":{\"$\":9999,\"@enabled\":\"true\"},\"securePort\":{\"$\":9999,\"@enabled\":\"false\"},"
                + "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\",\"name\":\"MyOwn\"}}}";
    }

    private static HttpClient client(SSLContext context, SSLParameters parameters) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .sslContext(context);
        if (parameters != null) {
            b.sslParameters(parameters);
        }
        return b.build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return get(client, url, Map.of());
    }

    private static HttpResponse<String> get(HttpClient client, String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TestTimes.scaled(Duration.ofSeconds(10))).GET();
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

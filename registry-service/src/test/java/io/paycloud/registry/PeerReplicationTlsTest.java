package io.paycloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import io.paycloud.common.testsupport.DevCertificates;

/**
 * Registry peers replicate over mutual TLS: a registration taken by this registry (profile tls) goes
 * on to its peers presenting the registry's own certificate and the registry credential, and never to
 * a peer whose certificate is not of the platform's CA. The peers are stubs on this machine: one with
 * the platform's registry certificate, asking for a client certificate as a registry does; one with
 * a certificate of another CA, asking for none, so that only the replicating registry's verification
 * of the peer can keep the registration from it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "tls"})
class PeerReplicationTlsTest {

    static final Path ROOT = DevCertificates.ROOT;
    static final Path DIR = certificates("test-tls", "tests");
    static final Path FOREIGN = certificates("test-tls-foreign", "foreign");
    static final Peer platformPeer = new Peer(DIR, true);
    static final Peer foreignPeer = new Peer(FOREIGN, false);

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry r) {
        r.add("paycloud.tls.dir", DIR::toString);
        r.add("eureka.client.service-url.defaultZone", () -> platformPeer.url() + "," + foreignPeer.url());
    }

    @AfterAll
    static void stopPeers() {
        platformPeer.server.stop(0);
        foreignPeer.server.stop(0);
    }

    @LocalServerPort
    int port;

    @Test
    void aRegistrationReachesThePlatformsPeerOverMutualTlsAndNeverAPeerOfAnotherCa() throws Exception {
        String app = "PEER-REPLICATION-" + System.nanoTime();
        HttpClient client = HttpClient.newBuilder().sslContext(context(DIR, "payment-service"))
                .connectTimeout(Duration.ofSeconds(5)).build();
        String instance = """
                {"instance":{"instanceId":"%1$s:1","hostName":"localhost","app":"%1$s","ipAddr":"127.0.0.1",
                "status":"UP","port":{"$":8081,"@enabled":"false"},"securePort":{"$":8081,"@enabled":"true"},
                "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}
                """.formatted(app);
        HttpResponse<String> registered = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/eureka/apps/" + app))
                .header("Authorization", basic("registry", "registry-dev"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(instance)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).until(() -> platformPeer.replications().stream()
                .anyMatch(r -> r.body().contains(app)));
        Received replication = platformPeer.replications().stream().filter(r -> r.body().contains(app)).findFirst().orElseThrow();
        assertThat(replication.client()).as("the certificate the registry presented").contains("CN=registry-service");
        assertThat(replication.authorization()).isEqualTo(basic("registry", "registry-dev"));
        assertThat(replication.body()).contains("\"action\":\"Register\"");

        assertThat(foreignPeer.received).as("requests that reached the peer of another CA").isEmpty();
    }

    record Received(String method, String path, String client, String authorization, String body) {
    }

    /** A registry peer on this machine, answering Eureka's replication and reads, recording what it receives. */
    static final class Peer {

        final HttpsServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();

        Peer(Path dir, boolean askForClientCertificate) {
            try {
                server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setHttpsConfigurator(new HttpsConfigurator(context(dir, "registry-service")) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(askForClientCertificate);
                    params.setSSLParameters(ssl);
                }
            });
            server.createContext("/", this::serve);
            server.start();
        }

        String url() {
            return "https://registry:registry-dev@127.0.0.1:" + server.getAddress().getPort() + "/eureka/";
        }

        List<Received> replications() {
            return received.stream().filter(r -> r.path().startsWith("/eureka/peerreplication/batch")).toList();
        }

        private void serve(HttpExchange exchange) throws IOException {
            String client;
            try {
                client = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                client = null;
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            InputStream body = new ByteArrayInputStream(raw);
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, client,
                    exchange.getRequestHeaders().getFirst("Authorization"), new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            String answer = path.startsWith("/eureka/peerreplication/batch")
                    ? "{\"responseList\":[]}"
                    : "{\"applications\":{\"versions__delta\":\"1\",\"apps__hashcode\":\"\",\"application\":[]}}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code name}'s certificate from {@code dir}, trusting that directory's CA only. */
    static SSLContext context(Path dir, String name) {
        return SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate("file:" + dir.resolve(name + ".crt")).withPrivateKey("file:" + dir.resolve(name + ".key")),
                PemSslStoreDetails.forCertificate("file:" + dir.resolve("ca.crt")))).createSslContext();
    }

    /** A development CA and the two certificates this test needs, as {@code bin/platform} makes them. */
    static Path certificates(String name, String label) {
        return DevCertificates.make(ROOT.resolve("registry-service/target").resolve(name), label, "registry-service", "payment-service");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

package io.paycloud.common.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import io.paycloud.common.tls.PlatformTls;

/** One client per service and timeouts, so callers share its HTTP client and its bundle renewals. */
class ServiceClientsTest {

    private static final Duration CONNECT = Duration.ofMillis(500);
    private static final Duration READ = Duration.ofSeconds(2);

    private final ServiceClients clients = new ServiceClients(RestClient.builder(), null);

    @Test
    void theSameServiceAndTimeoutsGetTheSameClient() {
        RestClient first = clients.to("ledger-service", CONNECT, READ);

        assertThat(clients.to("ledger-service", CONNECT, READ)).isSameAs(first);
        assertThat(clients.to("ledger-service", Duration.ofMillis(500), Duration.ofMillis(2000))).isSameAs(first);
    }

    @Test
    void eachServiceAndTimeoutsHasAClientOfItsOwn() {
        Set<RestClient> made = Collections.newSetFromMap(new IdentityHashMap<>());

        for (int round = 0; round < 3; round++) {
            made.add(clients.to("ledger-service", CONNECT, READ));
            made.add(clients.to("risk-service", CONNECT, READ));
            made.add(clients.to("ledger-service", CONNECT, Duration.ofSeconds(10)));
            made.add(clients.to("ledger-service", Duration.ofSeconds(1), READ));
        }

        assertThat(made).hasSize(4);
    }

    @Test
    void aServiceAloneGetsTheConfiguredTimeouts() {
        ServiceClients.Timeouts timeouts = new ServiceClients.Timeouts(Duration.ofMillis(300),
                Map.of("account", Duration.ofSeconds(5)));
        ServiceClients configured = new ServiceClients(RestClient.builder(), null, timeouts);

        RestClient account = configured.to("account-service");

        assertThat(account).isSameAs(configured.to("account-service", Duration.ofMillis(300), Duration.ofSeconds(5)))
                .isNotSameAs(configured.to("account-service", CONNECT, READ));
        assertThat(configured.to("risk-service"))
                .isSameAs(configured.to("risk-service", Duration.ofMillis(300), timeouts.readTimeoutOf("risk-service")))
                .isNotSameAs(account);
    }

    @Test
    void overThePlatformBundleEachClientRegistersForRenewalsOnce() {
        CountingBundles bundles = new CountingBundles(
                new DefaultSslBundleRegistry(PlatformTls.BUNDLE, SslBundle.systemDefault()));
        ServiceClients secure = new ServiceClients(RestClient.builder(), bundles);

        for (int i = 0; i < 3; i++) {
            secure.to("account-service");
            secure.to("risk-service");
            secure.to("account-service", CONNECT, Duration.ofSeconds(10));
        }

        assertThat(bundles.updateHandlers).containsExactlyEntriesOf(Map.of(PlatformTls.BUNDLE, 3));
    }

    /**
     * Mutual TLS keeps its connections: calls one after another (and a few at once) reuse pooled
     * connections instead of paying a handshake each, and every one presents the service's certificate.
     */
    @Test
    void overMutualTlsCallsReuseTheirConnections(@TempDir Path tmp) throws Exception {
        Path certs = tmp.resolve("certs");
        Process made = new ProcessBuilder("bash", Paths.get("").toAbsolutePath().getParent().resolve("bin/dev-certs").toString(),
                certs.toString(), "account-service", "payment-service").redirectErrorStream(true).start();
        String output = new String(made.getInputStream().readAllBytes());
        assertThat(made.waitFor()).as(output).isZero();
        SslBundle server = bundle(certs, "account-service");
        SslBundle client = bundle(certs, "payment-service");

        Set<Integer> connections = ConcurrentHashMap.newKeySet();
        List<String> callers = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(server.createSslContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        https.setExecutor(Executors.newFixedThreadPool(4));
        https.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress().getPort());
            callers.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            ServiceClients secure = new ServiceClients(RestClient.builder(),
                    new DefaultSslBundleRegistry(PlatformTls.BUNDLE, client));
            String url = "https://localhost:" + https.getAddress().getPort() + "/accounts";
            RestClient account = secure.to("account-service");
            for (int i = 0; i < 40; i++) {
                assertThat(account.get().uri(url).retrieve().body(String.class)).isEqualTo("{\"ok\":true}");
            }
            assertThat(connections).as("connections for 40 calls one after another").hasSize(1);
            ExecutorService four = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    answers.add(four.submit(() -> account.get().uri(url).retrieve().body(String.class)));
                }
                for (Future<String> answer : answers) {
                    assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("{\"ok\":true}");
                }
            } finally {
                four.shutdownNow();
            }
            assertThat(connections).as("connections for 80 more calls, four at a time").hasSizeLessThanOrEqualTo(4);
            assertThat(callers).hasSize(120).allSatisfy(c -> assertThat(c).contains("CN=payment-service"));
        } finally {
            https.stop(0);
        }
    }

    private static SslBundle bundle(Path certs, String name) throws Exception {
        return SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(Files.readString(certs.resolve(name + ".crt")))
                        .withPrivateKey(Files.readString(certs.resolve(name + ".key"))),
                PemSslStoreDetails.forCertificate(Files.readString(certs.resolve("ca.crt")))));
    }

    /** The registry Boot would give, counting who asks to hear of a bundle's renewals. */
    private static final class CountingBundles implements SslBundles {

        private final SslBundles registry;
        private final Map<String, Integer> updateHandlers = new HashMap<>();

        CountingBundles(SslBundles registry) {
            this.registry = registry;
        }

        @Override
        public SslBundle getBundle(String name) {
            return registry.getBundle(name);
        }

        @Override
        public void addBundleUpdateHandler(String name, Consumer<SslBundle> handler) {
            updateHandlers.merge(name, 1, Integer::sum);
            registry.addBundleUpdateHandler(name, handler);
        }

        @Override
        public void addBundleRegisterHandler(BiConsumer<String, SslBundle> handler) {
            registry.addBundleRegisterHandler(handler);
        }

        @Override
        public List<String> getBundleNames() {
            return registry.getBundleNames();
        }
    }
}

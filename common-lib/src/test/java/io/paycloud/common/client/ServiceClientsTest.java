package io.paycloud.common.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.web.client.RestClient;

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

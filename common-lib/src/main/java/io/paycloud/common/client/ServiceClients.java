package io.paycloud.common.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.paycloud.common.tls.PlatformTls;
import io.paycloud.common.tls.RenewingRequestFactory;

/**
 * Clients of the platform's services by their Eureka names. With the platform's SSL bundle
 * ({@link PlatformTls}) every call is mutual TLS: the service presents its own certificate and
 * trusts only the platform's CA, and an instance registered with its secure port is called on https.
 * One client is made per service and timeouts, and handed to every caller that asks for the same.
 */
public final class ServiceClients {

    /**
     * How long a call may take: one connect timeout, and a read timeout per service by its Eureka name
     * without {@code -service} ({@code paycloud.clients.read-timeout.account: 2s}, from the environment
     * {@code PAYCLOUD_CLIENTS_READTIMEOUT_ACCOUNT}); 2 s for a service not named. A read timeout makes the
     * outcome of a write unknown, so each caller keeps it short for what it asks.
     */
    @ConfigurationProperties("paycloud.clients")
    public record Timeouts(Duration connectTimeout, Map<String, Duration> readTimeout) {

        static final Duration DEFAULT_CONNECT = Duration.ofMillis(500);
        static final Duration DEFAULT_READ = Duration.ofSeconds(2);

        public Timeouts {
            connectTimeout = connectTimeout == null ? DEFAULT_CONNECT : connectTimeout;
            readTimeout = readTimeout == null ? Map.of() : Map.copyOf(readTimeout);
        }

        /** The read timeout for calls to {@code service} ({@code account-service} reads {@code account}). */
        public Duration readTimeoutOf(String service) {
            String key = service.endsWith("-service") ? service.substring(0, service.length() - "-service".length())
                    : service;
            return readTimeout.getOrDefault(key, DEFAULT_READ);
        }
    }

    /** Connections per instance called: Tomcat's request threads (200), each making one call at a time. */
    static final int MAX_CONNECTIONS = 200;

    private final RestClient.Builder loadBalanced;
    private final SslBundles bundles;
    private final Timeouts timeouts;
    private final ConcurrentMap<Key, RestClient> clients = new ConcurrentHashMap<>();

    private record Key(String service, Duration connect, Duration read) {
    }

    /** {@code bundles} null or without the platform's bundle: plain HTTP (the test profile, deployments without TLS). */
    public ServiceClients(RestClient.Builder loadBalanced, SslBundles bundles, Timeouts timeouts) {
        this.loadBalanced = loadBalanced;
        this.bundles = bundles;
        this.timeouts = timeouts;
    }

    /** Clients with the default timeouts (500 ms to connect, 2 s to read). */
    public ServiceClients(RestClient.Builder loadBalanced, SslBundles bundles) {
        this(loadBalanced, bundles, new Timeouts(null, null));
    }

    /**
     * A client of {@code service} with the configured timeouts ({@link Timeouts}), over HTTP/1.1 with
     * Apache HttpClient's blocking connections, pooled and kept alive.
     */
    public RestClient to(String service) {
        return to(service, timeouts.connectTimeout(), timeouts.readTimeoutOf(service));
    }

    /**
     * A client of {@code service} with its own connect and read timeouts, over HTTP/1.1: the same
     * client for the same service and timeouts.
     */
    public RestClient to(String service, Duration connect, Duration read) {
        // each client holds its own HTTP client and registers for the bundle's renewals for as long as
        // the bundles live: one per key, however often a caller asks
        return clients.computeIfAbsent(new Key(service, connect, read), this::create);
    }

    private RestClient create(Key key) {
        ClientHttpRequestFactory factory = RenewingRequestFactory.over(bundles, bundle -> ClientHttpRequestFactoryBuilder.httpComponents()
                .withHttpClientCustomizer(client -> client
                        // mutual TLS: HttpClient marks a pooled connection with the principal it authenticated
                        // as and leases it again only to a request carrying that state; every call here presents
                        // the same certificate, so any idle connection serves (else each call pays a handshake)
                        .disableConnectionState()
                        // a call is sent once: whether to try again is the caller's decision (RemoteCalls)
                        .disableAutomaticRetries())
                // as many connections to an instance as this service has request threads to call it from
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(MAX_CONNECTIONS).setMaxConnTotal(MAX_CONNECTIONS * 4))
                .build(HttpClientSettings.defaults().withTimeouts(key.connect(), key.read()).withSslBundle(bundle)));
        // the load balancer turns http into https for an instance registered with its secure port
        return loadBalanced.clone().baseUrl("http://" + key.service()).requestFactory(factory).build();
    }
}

package io.paycloud.common.client;

import java.net.http.HttpClient;
import java.time.Duration;

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
 */
public final class ServiceClients {

    private final RestClient.Builder loadBalanced;
    private final SslBundles bundles;

    /** {@code bundles} null or without the platform's bundle: plain HTTP (the test profile, deployments without TLS). */
    public ServiceClients(RestClient.Builder loadBalanced, SslBundles bundles) {
        this.loadBalanced = loadBalanced;
        this.bundles = bundles;
    }

    /** A client of {@code service} with its own connect and read timeouts, over HTTP/1.1. */
    public RestClient to(String service, Duration connect, Duration read) {
        ClientHttpRequestFactory factory = RenewingRequestFactory.over(bundles, bundle -> ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(HttpClientSettings.defaults().withTimeouts(connect, read).withSslBundle(bundle)));
        // the load balancer turns http into https for an instance registered with its secure port
        return loadBalanced.clone().baseUrl("http://" + service).requestFactory(factory).build();
    }
}

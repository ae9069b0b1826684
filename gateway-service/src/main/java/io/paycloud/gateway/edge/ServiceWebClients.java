package io.paycloud.gateway.edge;

import java.net.URI;
import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import io.paycloud.common.tls.PlatformTls;
import reactor.core.publisher.Mono;

/**
 * The gateway's own calls to the services (API keys, the audit trail, the operators' keys), found
 * through Eureka and, with the platform's SSL bundle, over mutual TLS: the gateway presents its
 * certificate and trusts only the platform's CA. A reloaded bundle is used from the next connection.
 * The routes' own client is Spring Cloud Gateway's, on the same bundle (application.yml).
 */
@Component
public class ServiceWebClients {

    private final ReactorLoadBalancerExchangeFilterFunction loadBalancer;
    private final ClientHttpConnector connector;

    ServiceWebClients(ReactorLoadBalancerExchangeFilterFunction loadBalancer, ObjectProvider<SslBundles> bundles) {
        this.loadBalancer = loadBalancer;
        this.connector = Renewing.over(bundles.getIfAvailable(),
                bundle -> ClientHttpConnectorBuilder.reactor().build(HttpClientSettings.ofSslBundle(bundle)));
    }

    /** A builder for calls to {@code service} by its Eureka name. */
    public WebClient.Builder to(String service) {
        return loadBalanced().baseUrl("http://" + service);
    }

    /** A builder whose URLs name services ({@code http://account-service/…}); https where registered so. */
    public WebClient.Builder loadBalanced() {
        return WebClient.builder().clientConnector(connector).filter(loadBalancer);
    }

    private static final class Renewing implements ClientHttpConnector {

        private volatile ClientHttpConnector current;

        private Renewing(ClientHttpConnector first) {
            this.current = first;
        }

        static ClientHttpConnector over(SslBundles bundles, Function<SslBundle, ClientHttpConnector> connectors) {
            SslBundle bundle = PlatformTls.bundle(bundles);
            if (bundle == null) {
                return connectors.apply(null);
            }
            Renewing renewing = new Renewing(connectors.apply(bundle));
            bundles.addBundleUpdateHandler(PlatformTls.BUNDLE, renewed -> renewing.current = connectors.apply(renewed));
            return renewing;
        }

        @Override
        public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
                Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
            return current.connect(method, uri, requestCallback);
        }
    }
}

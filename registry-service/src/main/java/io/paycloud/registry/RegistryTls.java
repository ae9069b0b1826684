package io.paycloud.registry;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.cloud.netflix.eureka.TimeoutProperties;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.client.RestClient;

/**
 * The registry on the platform's SSL bundle (profile tls, docs/tls.md): its port asks every client
 * for a certificate, Eureka's API takes only clients that presented one of the platform's CA (the
 * handshake has verified it), and the registry's own calls (its Eureka client, the admin console's
 * polling of the services' actuator, the console's calls to the issuer) present its certificate and
 * trust only the platform's CA. The registry keeps out of common-lib, whose auto-configurations are
 * the services'; this is the same bundle under the same name.
 */
@Configuration(proxyBeanMethods = false)
class RegistryTls {

    static final String BUNDLE = "paycloud";

    /** The servlet request attribute holding the client's verified certificate chain (Servlet spec). */
    private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    /** The bundle, or null without TLS. */
    static SslBundle bundle(SslBundles bundles) {
        try {
            return bundles == null ? null : bundles.getBundle(BUNDLE);
        } catch (NoSuchSslBundleException e) {
            return null;
        }
    }

    /** A request factory over the bundle (plain HTTP without one). */
    static ClientHttpRequestFactory requestFactory(ObjectProvider<SslBundles> bundles, Duration connect, Duration read) {
        return ClientHttpRequestFactoryBuilder.jdk()
                .build(HttpClientSettings.defaults().withTimeouts(connect, read).withSslBundle(bundle(bundles.getIfAvailable())));
    }

    /** Granted when the client presented a certificate in the TLS handshake, which verified it against the platform's CA. */
    static AuthorizationManager<RequestAuthorizationContext> presentedPlatformCertificate() {
        return (authentication, context) -> new AuthorizationDecision(context.getRequest().getAttribute(CLIENT_CERTIFICATES) != null);
    }

    @Bean
    @ConditionalOnProperty(prefix = "spring.ssl.bundle.pem." + BUNDLE + ".keystore", name = "certificate")
    EurekaClientHttpRequestFactorySupplier registryOverMutualTls(ObjectProvider<SslBundles> bundles, TimeoutProperties timeouts) {
        // one factory for every transport Eureka makes (a new session every 20 minutes)
        ClientHttpRequestFactory factory = requestFactory(bundles, Duration.ofMillis(timeouts.getConnectTimeout()),
                Duration.ofMillis(timeouts.getSocketTimeout()));
        return (ignoredContext, ignoredVerifier) -> factory;
    }

    /**
     * The plain builder, for everyone but the console's calls to the issuer (whose builder is
     * {@code @LoadBalanced}): the Eureka client takes the primary one, and must reach "localhost" and
     * the peers as hosts, not as service names.
     */
    @Bean
    @Primary
    @Scope("prototype")
    RestClient.Builder restClientBuilder() {
        return RestClient.builder();
    }

    /** The admin console's calls to the services' management ports. */
    @Bean
    @ConditionalOnProperty(prefix = "spring.ssl.bundle.pem." + BUNDLE + ".keystore", name = "certificate")
    WebClientCustomizer consoleOverTls(SslBundles bundles) {
        ClientHttpConnector connector = ClientHttpConnectorBuilder.reactor().build(HttpClientSettings.ofSslBundle(bundle(bundles)));
        return builder -> builder.clientConnector(connector);
    }
}

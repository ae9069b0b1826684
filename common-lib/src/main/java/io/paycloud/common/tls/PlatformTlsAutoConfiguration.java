package io.paycloud.common.tls;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.netflix.eureka.TimeoutProperties;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The Eureka client over the platform's bundle: registrations, heartbeats and reads present this
 * process's certificate to the registry and trust only the platform's CA. Without the bundle (no
 * profile tls) Spring Cloud's own transport stays.
 */
@AutoConfiguration(beforeName = "org.springframework.cloud.netflix.eureka.config.DiscoveryClientOptionalArgsConfiguration")
@ConditionalOnClass(EurekaClientHttpRequestFactorySupplier.class)
@ConditionalOnProperty(prefix = "spring.ssl.bundle.pem." + PlatformTls.BUNDLE + ".keystore", name = "certificate")
public class PlatformTlsAutoConfiguration {

    @Bean
    EurekaClientHttpRequestFactorySupplier registryOverMutualTls(SslBundles bundles, TimeoutProperties timeouts) {
        // one factory for every transport Eureka makes (it starts a new session every 20 minutes), renewed
        // with the bundle; Spring Cloud hands no SSL context here (eureka.client.tls is not used)
        ClientHttpRequestFactory factory = RenewingRequestFactory.over(bundles, bundle -> ClientHttpRequestFactoryBuilder.jdk()
                .build(HttpClientSettings.ofSslBundle(bundle).withTimeouts(Duration.ofMillis(timeouts.getConnectTimeout()),
                        Duration.ofMillis(timeouts.getSocketTimeout()))));
        return (ignoredContext, ignoredVerifier) -> factory;
    }
}

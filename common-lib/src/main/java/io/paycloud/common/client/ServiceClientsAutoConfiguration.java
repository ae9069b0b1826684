package io.paycloud.common.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.web.client.RestClient;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP clients between services, found through Eureka ({@link ServiceClients}). A service asks for
 * {@link ServiceClients}; everyone else, the Eureka client among them, gets the plain builder, so it
 * never tries to resolve "localhost" as a service name. Both builders carry Boot's customizers
 * (request ids, service identity, observation).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LoadBalanced.class, RestClientBuilderConfigurer.class})
@EnableConfigurationProperties(ServiceClients.Timeouts.class)
public class ServiceClientsAutoConfiguration {

    @Bean
    @Primary
    @Scope("prototype")
    RestClient.Builder restClientBuilder(RestClientBuilderConfigurer configurer) {
        return configurer.configure(RestClient.builder());
    }

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
        return configurer.configure(RestClient.builder());
    }

    @Bean
    ServiceClients serviceClients(@LoadBalanced RestClient.Builder loadBalanced, ObjectProvider<SslBundles> bundles,
            ServiceClients.Timeouts timeouts) {
        return new ServiceClients(loadBalanced, bundles.getIfAvailable(), timeouts);
    }

    /**
     * {@link RemoteCalls} over the service's resilience4j breakers and retries (configured under
     * {@code resilience4j.*}); a context without them, such as a test's, gets the library's defaults.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({CircuitBreakerRegistry.class, RetryRegistry.class, JsonMapper.class})
    static class Remote {

        @Bean
        RemoteCalls remoteCalls(ObjectProvider<CircuitBreakerRegistry> breakers, ObjectProvider<RetryRegistry> retries,
                ObjectProvider<JsonMapper> json) {
            return new RemoteCalls(breakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
                    retries.getIfAvailable(RetryRegistry::ofDefaults),
                    json.getIfAvailable(JsonMapper::new));
        }
    }
}

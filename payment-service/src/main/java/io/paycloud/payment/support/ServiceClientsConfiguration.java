package io.paycloud.payment.support;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Load-balanced HTTP clients to the other services, found through Eureka, each with its own
 * connect and read timeouts (the breakers and retries around them live in {@link RemoteCalls}).
 */
@Configuration(proxyBeanMethods = false)
public class ServiceClientsConfiguration {

    /** Timeouts per service; a read timeout makes the outcome unknown, so it is kept short. */
    @ConfigurationProperties("paycloud.clients")
    public record ClientTimeouts(Duration connectTimeout, Duration accountReadTimeout, Duration riskReadTimeout) {

        public ClientTimeouts {
            connectTimeout = connectTimeout == null ? Duration.ofMillis(500) : connectTimeout;
            accountReadTimeout = accountReadTimeout == null ? Duration.ofSeconds(2) : accountReadTimeout;
            riskReadTimeout = riskReadTimeout == null ? Duration.ofMillis(800) : riskReadTimeout;
        }
    }

    /**
     * The plain builder everyone else (the Eureka client among them) gets; without it they would
     * receive the load-balanced one below and try to resolve "localhost" as a service.
     */
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
    RestClient accountServiceClient(@LoadBalanced RestClient.Builder builder, ClientTimeouts timeouts) {
        return builder.clone().baseUrl("http://account-service")
                .requestFactory(factory(timeouts.connectTimeout(), timeouts.accountReadTimeout()))
                .build();
    }

    @Bean
    RestClient riskServiceClient(@LoadBalanced RestClient.Builder builder, ClientTimeouts timeouts) {
        return builder.clone().baseUrl("http://risk-service")
                .requestFactory(factory(timeouts.connectTimeout(), timeouts.riskReadTimeout()))
                .build();
    }

    private static JdkClientHttpRequestFactory factory(Duration connect, Duration read) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connect)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(read);
        return factory;
    }
}

package io.paycloud.analytics.support;

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
 * Load-balanced HTTP clients to payment-service (the event feed) and account-service (the ledger),
 * found through Eureka, with connect and read timeouts; the breakers live in {@link RemoteCalls}.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceClientsConfiguration {

    /** Timeouts per service. A feed page of 1000 events or a day of transfers may take a moment to read. */
    @ConfigurationProperties("paycloud.clients")
    public record ClientTimeouts(Duration connectTimeout, Duration paymentReadTimeout, Duration accountReadTimeout) {

        public ClientTimeouts {
            connectTimeout = connectTimeout == null ? Duration.ofMillis(500) : connectTimeout;
            paymentReadTimeout = paymentReadTimeout == null ? Duration.ofSeconds(5) : paymentReadTimeout;
            accountReadTimeout = accountReadTimeout == null ? Duration.ofSeconds(10) : accountReadTimeout;
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
    RestClient paymentServiceClient(@LoadBalanced RestClient.Builder builder, ClientTimeouts timeouts) {
        return builder.clone().baseUrl("http://payment-service")
                .requestFactory(factory(timeouts.connectTimeout(), timeouts.paymentReadTimeout()))
                .build();
    }

    @Bean
    RestClient accountServiceClient(@LoadBalanced RestClient.Builder builder, ClientTimeouts timeouts) {
        return builder.clone().baseUrl("http://account-service")
                .requestFactory(factory(timeouts.connectTimeout(), timeouts.accountReadTimeout()))
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

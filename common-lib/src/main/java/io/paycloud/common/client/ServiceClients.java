package io.paycloud.common.client;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP clients between services, found through Eureka. A service asks for
 * {@code @LoadBalanced RestClient.Builder} and calls {@link #to}; everyone else, the Eureka client
 * among them, gets the plain builder, so it never tries to resolve "localhost" as a service name.
 * Both builders carry Boot's customizers (request ids, service identity, observation).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LoadBalanced.class, RestClientBuilderConfigurer.class})
public class ServiceClients {

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

    /** A client of {@code service} (its Eureka name) with its own connect and read timeouts, over HTTP/1.1. */
    public static RestClient to(RestClient.Builder loadBalanced, String service, Duration connect, Duration read) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connect).version(HttpClient.Version.HTTP_1_1).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(read);
        return loadBalanced.clone().baseUrl("http://" + service).requestFactory(factory).build();
    }
}

package io.paycloud.payment.support;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.ServiceClients;

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

    @Bean
    RestClient accountServiceClient(ServiceClients clients, ClientTimeouts timeouts) {
        return clients.to("account-service", timeouts.connectTimeout(), timeouts.accountReadTimeout());
    }

    @Bean
    RestClient riskServiceClient(ServiceClients clients, ClientTimeouts timeouts) {
        return clients.to("risk-service", timeouts.connectTimeout(), timeouts.riskReadTimeout());
    }
}

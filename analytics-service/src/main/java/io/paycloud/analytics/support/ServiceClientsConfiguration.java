package io.paycloud.analytics.support;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.ServiceClients;

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

    @Bean
    RestClient paymentServiceClient(ServiceClients clients, ClientTimeouts timeouts) {
        return clients.to("payment-service", timeouts.connectTimeout(), timeouts.paymentReadTimeout());
    }

    @Bean
    RestClient accountServiceClient(ServiceClients clients, ClientTimeouts timeouts) {
        return clients.to("account-service", timeouts.connectTimeout(), timeouts.accountReadTimeout());
    }
}

package io.paycloud.gateway;

import java.time.Duration;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway reaches the services it routes to. Where services register in Eureka by name
 * (compose) rather than by address (Kubernetes), a restarted service comes back under the same name
 * at another address: Reactor Netty's own DNS cache would keep the old address for as long as the DNS
 * answer's TTL allows (Docker's is 600 s), so every request would go to an address nobody holds and
 * fail its connect timeout while Eureka already lists the service as up. The cache here keeps an
 * answer for 10 s at most; pooled connections idle for 10 s are closed (application.yml) for the same
 * reason.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConnections {

    static final Duration DNS_CACHE_MAX = Duration.ofSeconds(10);

    @Bean
    HttpClientCustomizer shortLivedDnsAnswers() {
        return client -> client.resolver(spec -> spec.cacheMaxTimeToLive(DNS_CACHE_MAX).cacheNegativeTimeToLive(Duration.ofSeconds(1)));
    }
}

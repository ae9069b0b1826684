package io.paycloud.payment.caller;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.security.Callers;
import io.paycloud.common.security.PlatformSecurity;

/** Who may call what on payment-service (review decisions: the risk role). Anything not listed is refused. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, PlatformSecurity platform) throws Exception {
        return platform.api(http, paths -> paths
                .requestMatchers(POST, "/v1/payments/{id}/review").hasAuthority(Callers.operator(OperatorRole.RISK))
                .requestMatchers(POST, "/v1/payments", "/v1/payments/{id}/confirm", "/v1/payments/{id}/capture",
                        "/v1/payments/{id}/cancel", "/v1/refunds", "/v1/webhook-endpoints",
                        "/v1/webhook-endpoints/{id}/deliveries/{eventId}/retry").hasAuthority(Callers.MERCHANT)
                .requestMatchers(GET, "/v1/payments", "/v1/payments/{id}", "/v1/refunds", "/v1/refunds/{id}", "/v1/events",
                        "/v1/webhook-endpoints", "/v1/webhook-endpoints/{id}/deliveries").hasAuthority(Callers.MERCHANT)
                .requestMatchers(DELETE, "/v1/webhook-endpoints/{id}").hasAuthority(Callers.MERCHANT)
                .requestMatchers(GET, "/internal/events").hasAuthority(Callers.service("analytics-service")));
    }
}

package io.paycloud.account.caller;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.paycloud.common.security.Callers;
import io.paycloud.common.security.PlatformSecurity;

/**
 * Who may call what on account-service. Merchants and ops come through the gateway; {@code /internal}
 * endpoints answer only the service named in their row. Anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String PAYMENT = Callers.service("payment-service");
    private static final String ANALYTICS = Callers.service("analytics-service");
    private static final String GATEWAY = Callers.service("gateway-service");

    @Bean
    SecurityFilterChain api(HttpSecurity http, PlatformSecurity platform) throws Exception {
        return platform.api(http, paths -> paths
                .requestMatchers(POST, "/v1/merchants", "/v1/merchants/{id}/keys").hasAuthority(Callers.OPS)
                .requestMatchers(GET, "/v1/merchants/{id}").hasAuthority(Callers.OPS)
                .requestMatchers(POST, "/v1/accounts/{id}/deposits").hasAuthority(Callers.OPS)
                .requestMatchers(POST, "/v1/customers", "/v1/customers/{id}/verification").hasAuthority(Callers.MERCHANT)
                .requestMatchers(GET, "/v1/customers/{id}", "/v1/accounts/{id}", "/v1/accounts/{id}/transfers")
                        .hasAuthority(Callers.MERCHANT)
                .requestMatchers(POST, "/internal/api-keys/resolve").hasAuthority(GATEWAY)
                .requestMatchers(POST, "/internal/transfers", "/internal/transfers/batch").hasAuthority(PAYMENT)
                .requestMatchers(GET, "/internal/transfers/{id}", "/internal/accounts/{id}", "/internal/system-accounts",
                        "/internal/customers/{id}", "/internal/merchants/{id}").hasAuthority(PAYMENT)
                .requestMatchers(GET, "/internal/transfers", "/internal/audit").hasAuthority(ANALYTICS)
                .requestMatchers(GET, "/v1/audit-events", "/v1/audit-events.csv").hasAuthority(Callers.OPS)
                .requestMatchers(POST, "/internal/audit-events").hasAuthority(GATEWAY));
    }
}

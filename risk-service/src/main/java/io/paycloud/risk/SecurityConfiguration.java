package io.paycloud.risk;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.security.Callers;
import io.paycloud.common.security.PlatformSecurity;

/**
 * Who may call what on risk-service: the risk API is for operators with the risk role (support reads
 * assessments), assessments and outcomes come from payment-service alone, approved four-eyes actions
 * from account-service alone. Anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String RISK = Callers.operator(OperatorRole.RISK);

    @Bean
    SecurityFilterChain api(HttpSecurity http, PlatformSecurity platform) throws Exception {
        return platform.api(http, paths -> paths
                .requestMatchers(GET, "/v1/risk/assessments/{id}").hasAnyAuthority(RISK, Callers.operator(OperatorRole.SUPPORT))
                .requestMatchers("/v1/risk/rules", "/v1/risk/rules/{id}", "/v1/risk/blocklist", "/v1/risk/blocklist/{id}")
                        .hasAuthority(RISK)
                .requestMatchers(POST, "/internal/assessments", "/internal/outcomes", "/internal/outcomes/batch")
                        .hasAuthority(Callers.service("payment-service"))
                // account-service hands back the four-eyes actions a second operator approved
                .requestMatchers(POST, "/internal/approved-actions").hasAuthority(Callers.service("account-service")));
    }
}

package io.paycloud.analytics.support;

import static org.springframework.http.HttpMethod.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.security.Callers;
import io.paycloud.common.security.PlatformSecurity;

/**
 * Who may call what on analytics-service: merchants read their own summaries; reconciliation and the
 * dashboard's data are for viewers (treasury reads reconciliation too); the dashboard's page and scripts,
 * which sign a browser in, are public. Anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, PlatformSecurity platform) throws Exception {
        return platform.api(http, paths -> paths
                .requestMatchers(GET, "/v1/reports/summary", "/v1/reports/summary.csv").hasAuthority(Callers.MERCHANT)
                .requestMatchers(GET, "/v1/reports/reconciliation")
                        .hasAnyAuthority(Callers.operator(OperatorRole.VIEWER), Callers.operator(OperatorRole.TREASURY))
                // the dashboard's page and scripts hold no data: they sign the browser in at the operators'
                // issuer and then read the data with the viewer's token
                .requestMatchers(GET, "/dashboard", "/dashboard/dashboard.js", "/dashboard/dashboard.css", "/dashboard/lib/**")
                        .permitAll()
                .requestMatchers(GET, "/dashboard/data", "/dashboard/lag").hasAuthority(Callers.operator(OperatorRole.VIEWER)));
    }
}

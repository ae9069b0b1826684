package io.paycloud.account.caller;

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

/**
 * Who may call what on account-service. Merchants and operators come through the gateway, operators
 * with the role each row names (the gateway checks the same table); {@code /internal} endpoints answer
 * only the service named in their row. Anything not listed is refused. The embedded issuer's endpoints
 * ({@code /oauth2/**}, discovery) have their own chain ({@code operator.OperatorIssuer}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String PAYMENT = Callers.service("payment-service");
    private static final String ANALYTICS = Callers.service("analytics-service");
    private static final String GATEWAY = Callers.service("gateway-service");
    private static final String RISK_SERVICE = Callers.service("risk-service");
    private static final String ADMIN = Callers.operator(OperatorRole.ADMIN);
    private static final String SUPPORT = Callers.operator(OperatorRole.SUPPORT);
    private static final String TREASURY = Callers.operator(OperatorRole.TREASURY);

    @Bean
    SecurityFilterChain api(HttpSecurity http, PlatformSecurity platform) throws Exception {
        return platform.api(http, paths -> paths
                .requestMatchers(POST, "/v1/merchants", "/v1/merchants/{id}/keys").hasAuthority(ADMIN)
                .requestMatchers(GET, "/v1/merchants/{id}").hasAnyAuthority(ADMIN, SUPPORT)
                .requestMatchers(POST, "/v1/accounts/{id}/deposits", "/v1/accounts/{id}/adjustments").hasAuthority(TREASURY)
                .requestMatchers(POST, "/v1/operators", "/v1/operators/{username}/roles", "/v1/operators/{username}/disable")
                        .hasAuthority(ADMIN)
                .requestMatchers(GET, "/v1/operators", "/v1/operators/{username}").hasAuthority(ADMIN)
                .requestMatchers(DELETE, "/v1/operators/{username}/roles/{role}").hasAuthority(ADMIN)
                // an operator rotates their own secret, an administrator anyone's (OperatorController)
                .requestMatchers(POST, "/v1/operators/{username}/secret").hasAuthority(Callers.OPS)
                // an operator enrols their own second factor; an administrator removes another's (OperatorController)
                .requestMatchers(POST, "/v1/operators/{username}/second-factor").hasAuthority(Callers.OPS)
                .requestMatchers(DELETE, "/v1/operators/{username}/second-factor").hasAuthority(ADMIN)
                // any operator sees the requests; deciding one needs its role and another maker (Approvals)
                .requestMatchers(GET, "/v1/approvals", "/v1/approvals/{id}").hasAuthority(Callers.OPS)
                .requestMatchers(POST, "/v1/approvals/{id}/approve", "/v1/approvals/{id}/reject").hasAuthority(Callers.OPS)
                .requestMatchers(POST, "/v1/customers", "/v1/customers/{id}/verification").hasAuthority(Callers.MERCHANT)
                .requestMatchers(GET, "/v1/customers/{id}", "/v1/accounts/{id}", "/v1/accounts/{id}/transfers")
                        .hasAuthority(Callers.MERCHANT)
                .requestMatchers(POST, "/internal/api-keys/resolve").hasAuthority(GATEWAY)
                .requestMatchers(POST, "/internal/transfers", "/internal/transfers/batch").hasAuthority(PAYMENT)
                .requestMatchers(GET, "/internal/transfers/{id}", "/internal/accounts/{id}", "/internal/system-accounts",
                        "/internal/customers/{id}", "/internal/merchants/{id}").hasAuthority(PAYMENT)
                .requestMatchers(GET, "/internal/transfers", "/internal/audit").hasAuthority(ANALYTICS)
                .requestMatchers(GET, "/v1/audit-events", "/v1/audit-events.csv").hasAuthority(ADMIN)
                .requestMatchers(POST, "/internal/audit-events").hasAuthority(GATEWAY)
                // risk-service stores its operators' four-eyes requests (riskcontrol.InternalApprovalController)
                .requestMatchers(POST, "/internal/approvals").hasAuthority(RISK_SERVICE));
    }
}

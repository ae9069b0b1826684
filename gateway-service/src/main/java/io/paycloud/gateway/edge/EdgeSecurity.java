package io.paycloud.gateway.edge;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.security.MachineCredentials;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * The gateway's trust boundary, as Spring Security configuration: the strict firewall refuses paths
 * that are not in canonical form; a merchant authenticates with a secret key ({@code Authorization:
 * Bearer sk_…}, resolved by account-service), an operator with an access token from the platform's
 * OpenID Connect issuer ({@link OperatorTokens}); the table below says which role each operation of
 * API.md needs, and everything not in it (another method, a trailing
 * slash, a path no service serves) is refused before any route is taken. Public: the services' health
 * status, the API documents and Swagger UI. Actuator lives on the management port, behind the
 * monitoring credential only. What the services receive is decided by {@link IdentityRelay}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class EdgeSecurity {

    /** Exchange attribute: the merchant id of an authenticated merchant call (used by the rate limiter). */
    static final String MERCHANT_ATTRIBUTE = EdgeSecurity.class.getName() + ".merchant";
    /**
     * Order of the edge's own filters that need the authenticated caller: just after Spring Security's
     * chain, which runs at -100 ({@code WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}).
     */
    static final int AFTER_SECURITY = -90;

    static final String MERCHANT = "MERCHANT";
    /** Any operator; what each may do is one of the role authorities below. */
    static final String OPS = "OPS";
    static final String VIEWER = OperatorRole.VIEWER.authority();
    static final String SUPPORT = OperatorRole.SUPPORT.authority();
    static final String RISK = OperatorRole.RISK.authority();
    static final String TREASURY = OperatorRole.TREASURY.authority();
    static final String ADMIN = OperatorRole.ADMIN.authority();

    private static final Logger log = LoggerFactory.getLogger(EdgeSecurity.class);

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain actuatorChain(ServerHttpSecurity http, EdgeProperties properties, GatewayProblems problems) {
        ReactiveAuthenticationManager monitoring = basicUsers(properties.monitoringUsername(), properties.monitoringPassword(),
                "MONITORING", "paycloud.monitoring");
        ServerAuthenticationEntryPoint entry = (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"PayCloud monitoring\"");
            return problems.write(exchange, ErrorCode.UNAUTHENTICATED, "Actuator endpoints need the monitoring credential.");
        };
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeExchange(exchanges -> exchanges
                        .matchers(EndpointRequest.to("health")).permitAll()
                        .anyExchange().hasRole("MONITORING"))
                .httpBasic(basic -> basic.authenticationManager(monitoring).authenticationEntryPoint(entry))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(e -> e.authenticationEntryPoint(entry).accessDeniedHandler(denied(problems)))
                .build();
    }

    @Bean
    SecurityWebFilterChain edgeChain(ServerHttpSecurity http, ApiKeyResolver keys, OperatorTokens operators,
            ServiceWebClients services, GatewayProblems problems) {
        ServerAuthenticationEntryPoint entry = entryPoint(problems);
        ReactiveAuthenticationManager merchants = apiKeyManager(keys);
        ReactiveAuthenticationManager operatorTokens = operators.authenticationManager(services);
        // one bearer header for both: a merchant's secret key is sk_…, anything else must be an operator's token
        ReactiveAuthenticationManager bearer = authentication -> ((BearerTokenAuthenticationToken) authentication).getToken()
                .startsWith("sk_") ? merchants.authenticate(authentication) : operatorTokens.authenticate(authentication);
        AuthenticationWebFilter apiKeys = new AuthenticationWebFilter(bearer);
        apiKeys.setServerAuthenticationConverter(new ServerBearerTokenAuthenticationConverter());
        apiKeys.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        apiKeys.setAuthenticationFailureHandler((filterExchange, e) -> e instanceof AuthenticationServiceException
                ? problems.write(filterExchange.getExchange(), ErrorCode.SERVICE_UNAVAILABLE,
                        "Authentication is unavailable right now; retry shortly.")
                : entry.commence(filterExchange.getExchange(), e));
        apiKeys.setAuthenticationSuccessHandler((filterExchange, authentication) -> {
            if (authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + MERCHANT))) {
                filterExchange.getExchange().getAttributes().put(MERCHANT_ATTRIBUTE, authentication.getName());
            }
            return filterExchange.getChain().filter(filterExchange.getExchange());
        });
        return http
                .authorizeExchange(paths -> paths
                        .pathMatchers(GET, "/status/payment", "/status/account", "/status/risk", "/status/analytics",
                                "/openapi/payment-service", "/openapi/account-service", "/openapi/risk-service",
                                "/openapi/analytics-service", "/swagger-ui.html", "/webjars/swagger-ui/**",
                                "/v3/api-docs/swagger-config").permitAll()
                        // the operators' OpenID Connect issuer (account-service) authenticates its own clients
                        // and signs operators' browsers in for the console (its form checks CSRF in its own session)
                        .pathMatchers(POST, "/oauth2/token", "/oauth2/sign-in").permitAll()
                        .pathMatchers(GET, "/oauth2/jwks", "/oauth2/authorize", "/oauth2/sign-in",
                                "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server").permitAll()
                        // merchants first, most requests are theirs (no two rows overlap, so order decides nothing else)
                        .pathMatchers(POST, "/v1/payments", "/v1/payments/{id}/confirm", "/v1/payments/{id}/capture",
                                "/v1/payments/{id}/cancel", "/v1/refunds", "/v1/webhook-endpoints",
                                "/v1/webhook-endpoints/{id}/deliveries/{eventId}/retry", "/v1/customers",
                                "/v1/customers/{id}/verification").hasRole(MERCHANT)
                        .pathMatchers(GET, "/v1/payments", "/v1/payments/{id}", "/v1/refunds", "/v1/refunds/{id}", "/v1/events",
                                "/v1/webhook-endpoints", "/v1/webhook-endpoints/{id}/deliveries", "/v1/customers/{id}",
                                "/v1/accounts/{id}", "/v1/accounts/{id}/transfers", "/v1/reports/summary",
                                "/v1/reports/summary.csv").hasRole(MERCHANT)
                        .pathMatchers(DELETE, "/v1/webhook-endpoints/{id}").hasRole(MERCHANT)
                        // operators: the role each operation needs (README has the table; the services check it again)
                        .pathMatchers(POST, "/v1/merchants", "/v1/merchants/{id}/keys", "/v1/operators",
                                "/v1/operators/{username}/roles", "/v1/operators/{username}/disable").hasAuthority(ADMIN)
                        .pathMatchers(GET, "/v1/operators", "/v1/operators/{username}", "/v1/audit-events",
                                "/v1/audit-events.csv").hasAuthority(ADMIN)
                        .pathMatchers(DELETE, "/v1/operators/{username}/roles/{role}", "/v1/operators/{username}/second-factor")
                                .hasAuthority(ADMIN)
                        .pathMatchers(GET, "/v1/merchants/{id}").hasAnyAuthority(ADMIN, SUPPORT)
                        .pathMatchers(POST, "/v1/accounts/{id}/deposits", "/v1/accounts/{id}/adjustments").hasAuthority(TREASURY)
                        .pathMatchers(POST, "/v1/payments/{id}/review", "/v1/risk/rules", "/v1/risk/blocklist").hasAuthority(RISK)
                        .pathMatchers(GET, "/v1/risk/rules", "/v1/risk/rules/{id}", "/v1/risk/blocklist").hasAuthority(RISK)
                        .pathMatchers(PUT, "/v1/risk/rules/{id}").hasAuthority(RISK)
                        .pathMatchers(DELETE, "/v1/risk/rules/{id}", "/v1/risk/blocklist/{id}").hasAuthority(RISK)
                        .pathMatchers(GET, "/v1/risk/assessments/{id}").hasAnyAuthority(RISK, SUPPORT)
                        .pathMatchers(GET, "/v1/reports/reconciliation").hasAnyAuthority(VIEWER, TREASURY)
                        // the dashboard's page and scripts are public (they sign the browser in at the issuer), its data a viewer's
                        .pathMatchers(GET, "/dashboard", "/dashboard/dashboard.js", "/dashboard/dashboard.css", "/dashboard/lib/**")
                                .permitAll()
                        .pathMatchers(GET, "/dashboard/data", "/dashboard/lag").hasAuthority(VIEWER)
                        // any operator: the four-eyes requests (deciding one needs its role, checked by account-service)
                        // and their own secret and second factor
                        .pathMatchers(GET, "/v1/approvals", "/v1/approvals/{id}").hasRole(OPS)
                        .pathMatchers(POST, "/v1/approvals/{id}/approve", "/v1/approvals/{id}/reject",
                                "/v1/operators/{username}/secret", "/v1/operators/{username}/second-factor").hasRole(OPS)
                        .anyExchange().denyAll())
                .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(anonymous -> { })
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(e -> e.authenticationEntryPoint(entry).accessDeniedHandler(denied(problems)))
                .build();
    }

    /** No Micrometer observation per security filter and decision: the exchange has its trace already. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ServerWebExchangeFirewall strictFirewall() {
        // the library's defaults: no ';', no encoded '/', '.', '%' or '\', no '//' or '..', printable only
        return new StrictServerWebExchangeFirewall();
    }

    @Bean
    ServerExchangeRejectedHandler rejectedAsProblem(GatewayProblems problems) {
        return (exchange, e) -> problems.write(exchange, ErrorCode.PARAMETER_INVALID, "The request path is not in canonical form.");
    }

    /** A 401 problem. */
    private static ServerAuthenticationEntryPoint entryPoint(GatewayProblems problems) {
        return (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(exchange, ErrorCode.UNAUTHENTICATED, e instanceof BadCredentialsException
                    || e instanceof org.springframework.security.oauth2.server.resource.InvalidBearerTokenException
                    ? "Invalid credentials."
                    : "Send a merchant's secret key or an operator's access token as 'Authorization: Bearer …'.");
        };
    }

    private static ServerAccessDeniedHandler denied(GatewayProblems problems) {
        return (exchange, e) -> problems.write(exchange, ErrorCode.FORBIDDEN, "The caller may not use this endpoint.");
    }

    /** A merchant by its secret key; account-service unreachable is "could not tell", not "invalid". */
    private static ReactiveAuthenticationManager apiKeyManager(ApiKeyResolver keys) {
        return authentication -> {
            String key = ((BearerTokenAuthenticationToken) authentication).getToken();
            if (!key.startsWith("sk_") || key.length() > 200) {
                return Mono.error(new BadCredentialsException("Invalid API key."));
            }
            return keys.resolve(key)
                    .onErrorMap(e -> {
                        log.warn("Could not resolve an API key: {}", e.toString());
                        return new AuthenticationServiceException("account-service unavailable", e);
                    })
                    .flatMap((Optional<String> merchant) -> merchant
                            .<Mono<org.springframework.security.core.Authentication>>map(id -> Mono.just(
                                    UsernamePasswordAuthenticationToken.authenticated(id, null,
                                            List.of(new SimpleGrantedAuthority("ROLE_" + MERCHANT)))))
                            .orElseGet(() -> Mono.error(new BadCredentialsException("Invalid API key."))));
        };
    }

    /**
     * The monitoring credential: a machine's long random secret, checked on every scrape at bcrypt's lowest
     * cost and never "upgraded" to a costlier hash ({@link MachineCredentials}).
     */
    private static ReactiveAuthenticationManager basicUsers(String username, String password, String role, String property) {
        if (username == null || username.isBlank() || password == null || password.isBlank()) {
            throw new IllegalStateException(property + ".username and password are required");
        }
        MapReactiveUserDetailsService users = new MapReactiveUserDetailsService(User.withUsername(username)
                .password(MachineCredentials.encoder().encode(password))
                .roles(role)
                .build());
        UserDetailsRepositoryReactiveAuthenticationManager manager = new UserDetailsRepositoryReactiveAuthenticationManager(users);
        manager.setPasswordEncoder(MachineCredentials.encoder());
        return manager;
    }
}

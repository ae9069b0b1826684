package io.paycloud.registry;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import de.codecentric.boot.admin.server.config.AdminServerProperties;

/**
 * Who opens what on the registry, one chain per concern, each knowing only its own credential (so a
 * credential presented elsewhere is unknown there, a 401):
 * <ul>
 * <li>Eureka's REST API ({@code /eureka/**}): the registry credential over Basic, stateless; only
 * the Eureka dashboard's static files are public;</li>
 * <li>actuator, served on the management port only: health (status only) is public for probes,
 * every other endpoint needs the monitoring credential;</li>
 * <li>everything else, the admin console and the Eureka dashboard: each operator's own sign-in,
 * at the platform's issuer, OpenID Connect ({@link OperatorSignIn}); viewers read, admins may also act.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OperatorSignIn.Issuer.class,
        RegistrySecurityConfiguration.RegistryCredentials.class,
        RegistrySecurityConfiguration.MonitoringCredentials.class})
class RegistrySecurityConfiguration {

    static final String REGISTRY = "REGISTRY";
    static final String MONITORING = "MONITORING";
    private static final Duration ISSUER_CONNECT = Duration.ofSeconds(2);
    private static final Duration ISSUER_READ = Duration.ofSeconds(10);

    /** The services' credential for Eureka registrations, heartbeats and reads. */
    @Validated
    @ConfigurationProperties("paycloud.registry")
    record RegistryCredentials(@NotBlank(message = "set PAYCLOUD_REGISTRY_USERNAME") String username,
            @NotBlank(message = "set PAYCLOUD_REGISTRY_PASSWORD") String password) {
    }

    /** Prometheus' and the admin console's credential for actuator on the management ports. */
    @Validated
    @ConfigurationProperties("paycloud.monitoring")
    record MonitoringCredentials(@NotBlank(message = "set PAYCLOUD_MONITORING_USERNAME") String username,
            @NotBlank(message = "set PAYCLOUD_MONITORING_PASSWORD") String password) {
    }

    /** The strict firewall's rejections (';', encoded '/', '..' …) as a 400 problem. */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler rejectedAsProblem() {
        return RegistryProblems.rejected();
    }

    @Bean
    @Order(1)
    SecurityFilterChain eurekaSecurity(HttpSecurity http, RegistryCredentials registry,
            @Value("${paycloud.registry.client-certificate-required:false}") boolean certificateRequired) throws Exception {
        // with TLS (profile tls), the registry credential alone is not enough: the client must also have
        // presented a certificate of the platform's CA in the handshake (RegistryTls)
        AuthorizationManager<RequestAuthorizationContext> registryClient = certificateRequired
                ? AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole(REGISTRY), RegistryTls.presentedPlatformCertificate())
                : AuthorityAuthorizationManager.hasRole(REGISTRY);
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(paths.matcher("/eureka/**"))
                .authorizeHttpRequests(auth -> auth
                        // the dashboard's stylesheets, scripts, fonts and images, which Eureka's Jersey filter passes on
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/eureka/css/**"),
                                paths.matcher(HttpMethod.GET, "/eureka/js/**"),
                                paths.matcher(HttpMethod.GET, "/eureka/fonts/**"),
                                paths.matcher(HttpMethod.GET, "/eureka/images/**")).permitAll()
                        .anyRequest().access(registryClient))
                .httpBasic(basic -> basic.authenticationEntryPoint(RegistryProblems.unauthenticated("PayCloud registry")))
                .exceptionHandling(e -> e.authenticationEntryPoint(RegistryProblems.unauthenticated("PayCloud registry"))
                        .accessDeniedHandler(RegistryProblems.forbidden()))
                .authenticationManager(only(registry.username(), registry.password(), REGISTRY))
                // machine clients sending Basic on every call: no session, no cookie, nothing to forge
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, MonitoringCredentials monitoring) throws Exception {
        // with a management port of its own these match requests on that port only
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        .anyRequest().hasRole(MONITORING))
                .httpBasic(basic -> basic.authenticationEntryPoint(RegistryProblems.unauthenticated("PayCloud monitoring")))
                .exceptionHandling(e -> e.authenticationEntryPoint(RegistryProblems.unauthenticated("PayCloud monitoring"))
                        .accessDeniedHandler(RegistryProblems.forbidden()))
                .authenticationManager(only(monitoring.username(), monitoring.password(), MONITORING))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain opsSecurity(HttpSecurity http, AdminServerProperties admin, OperatorSignIn.Issuer issuer,
            @LoadBalanced RestClient.Builder loadBalanced, @LoadBalanced RestTemplate operatorIssuer) throws Exception {
        String base = admin.path("");
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        ClientRegistration registration = issuer.registration();
        // each operator signs in at the platform's issuer (OpenID Connect, authorization code with PKCE)
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths.matcher(base + "/assets/**")).permitAll()
                        .requestMatchers(paths.matcher("/error")).permitAll()
                        // read-only for viewers: changing an instance (loggers, caches, refresh…) is for admins
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/**")).hasAuthority(OperatorSignIn.VIEWER)
                        .anyRequest().hasAuthority(OperatorSignIn.ADMIN))
                .oauth2Login(login -> login
                        .clientRegistrationRepository(new InMemoryClientRegistrationRepository(registration))
                        .tokenEndpoint(token -> token.accessTokenResponseClient(OperatorSignIn.tokenClient(issuer, loadBalanced)))
                        .userInfoEndpoint(user -> user.oidcUserService(OperatorSignIn.operators(issuer)))
                        .defaultSuccessUrl(base + "/"))
                // a browser is sent to the issuer; anything else (the console's own calls, scripts) gets a 401
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(RegistryProblems.unauthenticated("PayCloud console"),
                                request -> request.getHeader("Accept") == null || !request.getHeader("Accept").contains("text/html"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(
                                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/"
                                        + OperatorSignIn.REGISTRATION), request -> true))
                .logout(logout -> logout.logoutUrl(base + "/logout").logoutSuccessUrl(base + "/"))
                // the console's script sends the XSRF-TOKEN cookie's value back as X-XSRF-TOKEN, unmasked
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(paths.matcher(base + "/instances"),
                                paths.matcher(base + "/instances/**")));
        return http.build();
    }

    /** The ID tokens' verification, with the issuer's keys fetched through the registry (OperatorSignIn). */
    @Bean
    JwtDecoderFactory<ClientRegistration> idTokenDecoders(OperatorSignIn.Issuer issuer, @LoadBalanced RestTemplate operatorIssuer) {
        return OperatorSignIn.idTokenDecoders(issuer, operatorIssuer);
    }

    /** Reaches the issuer through the registry's own list of instances ({@code lb://account-service/…}). */
    @Bean
    @LoadBalanced
    RestTemplate operatorIssuer(ObjectProvider<SslBundles> bundles) {
        return new RestTemplate(RegistryTls.requestFactory(bundles, ISSUER_CONNECT, ISSUER_READ));
    }

    @Bean
    @LoadBalanced
    RestClient.Builder operatorIssuerClient(ObjectProvider<SslBundles> bundles) {
        return RestClient.builder().requestFactory(RegistryTls.requestFactory(bundles, ISSUER_CONNECT, ISSUER_READ));
    }

    /**
     * An authentication manager that knows one user and nothing else: no parent to fall back on, so
     * the ops login is unknown to it. Machine clients send Basic on every heartbeat, fetch and scrape,
     * and the plaintext is in the environment anyway, so the hash is there for a constant-time
     * comparison, not secrecy: a low BCrypt cost keeps each check around a millisecond.
     */
    private static AuthenticationManager only(String username, String password, String role) {
        PasswordEncoder encoder = new BCryptPasswordEncoder(4);
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                User.withUsername(username).password(encoder.encode(password)).roles(role).build()));
        provider.setPasswordEncoder(encoder);
        return new ProviderManager(provider);
    }
}

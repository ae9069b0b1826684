package io.paycloud.common.security;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.paycloud.common.caller.CallerArgumentResolver;
import io.paycloud.common.identity.IdentityAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every servlet service's security shares: the strict firewall and its problem+json answer,
 * {@link PlatformSecurity} for the service's API chain, and the actuator chain. Actuator endpoints
 * live on the management port ({@code management.server.port}); health (status only) is public for
 * probes, every other endpoint needs the monitoring credential over Basic auth, which opens nothing
 * but actuator.
 */
@AutoConfiguration(after = IdentityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({BearerTokenAuthenticationFilter.class, EndpointRequest.class})
@EnableWebSecurity
@EnableConfigurationProperties(PlatformSecurityAutoConfiguration.MonitoringCredential.class)
public class PlatformSecurityAutoConfiguration {

    /** The credential of Prometheus and the admin console on the management port. */
    @ConfigurationProperties("paycloud.monitoring")
    public record MonitoringCredential(String username, String password) {
    }

    /**
     * No Micrometer observation per security filter and authorization decision: the request already
     * has its trace and its log line, and observing each of a dozen filters on every request cost
     * more CPU than the checks themselves.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Controller methods take the caller as a {@code Caller} or {@code Ops} parameter. */
    @Bean
    WebMvcConfigurer callerArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    @Bean
    HttpFirewall strictHttpFirewall() {
        // the library's defaults: no ';', no encoded '/', '.', '%' or '\', no '//' or '..', printable only
        return new StrictHttpFirewall();
    }

    @Bean
    ProblemSecurityHandlers problemSecurityHandlers(JsonMapper json) {
        return new ProblemSecurityHandlers(json, "Bearer");
    }

    @Bean
    FirewallRejections firewallRejections() {
        return new FirewallRejections();
    }

    @Bean
    PlatformSecurity platformSecurity(JwtDecoder decoder, ProblemSecurityHandlers problems) {
        return new PlatformSecurity(decoder, problems);
    }

    /** A service that declares no {@code api} chain of its own answers nothing but its public paths. */
    @Bean
    @ConditionalOnMissingBean(name = "api")
    SecurityFilterChain api(HttpSecurity http, PlatformSecurity platform) throws Exception {
        return platform.api(http, paths -> {
        });
    }

    @Bean
    UserDetailsService monitoringUsers(MonitoringCredential credential) {
        if (credential.username() == null || credential.username().isBlank()
                || credential.password() == null || credential.password().isBlank()) {
            throw new IllegalStateException("paycloud.monitoring.username and password are required "
                    + "(PAYCLOUD_MONITORING_USERNAME, PAYCLOUD_MONITORING_PASSWORD)");
        }
        // a machine credential with a long random secret, checked on every scrape and poll (MachineCredentials)
        return MachineCredentials.users(credential.username(), credential.password(), "MONITORING");
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, UserDetailsService monitoringUsers, JsonMapper json)
            throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json, "Basic realm=\"PayCloud monitoring\"");
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        .anyRequest().hasAuthority(Callers.MONITORING))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .authenticationManager(MachineCredentials.authenticationManager(monitoringUsers))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}

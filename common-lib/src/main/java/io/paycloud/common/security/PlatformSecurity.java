package io.paycloud.common.security;

import jakarta.servlet.DispatcherType;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The common frame of every servlet service's API security: stateless, no sessions or CSRF (no
 * browser holds a session with a service), the caller authenticated only by a platform identity
 * token in {@code Authorization: Bearer} validated by Spring Security's resource server, the
 * service's own table of paths and authorities, and everything not in the table denied. The API
 * documents and the main port's probes ({@code /livez}, {@code /readyz}, status only) are public.
 */
public final class PlatformSecurity {

    /** A service's table: {@code requestMatchers(...).hasAuthority(...)} rows. */
    public interface Table extends Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
    }

    private final JwtDecoder decoder;
    private final ProblemSecurityHandlers problems;

    public PlatformSecurity(JwtDecoder decoder, ProblemSecurityHandlers problems) {
        this.decoder = decoder;
        this.problems = problems;
    }

    public SecurityFilterChain api(HttpSecurity http, Table table) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    requests.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/livez", "/readyz").permitAll();
                    table.customize(requests);
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(Callers.authorities()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}

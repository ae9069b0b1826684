package io.paycloud.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.validation.annotation.Validated;

import de.codecentric.boot.admin.server.config.AdminServerProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * The admin console and the Eureka dashboard need the ops login; Eureka's REST API stays open to
 * the services on the platform's own network, and health stays open to probes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpsSecurityConfiguration.OpsCredentials.class)
class OpsSecurityConfiguration {

    @Validated
    @ConfigurationProperties("paycloud.ops")
    record OpsCredentials(@NotBlank String username, @NotBlank String password) {
    }

    @Bean
    SecurityFilterChain opsSecurity(HttpSecurity http, AdminServerProperties admin) throws Exception {
        String base = admin.path("");
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setTargetUrlParameter("redirectTo");
        success.setDefaultTargetUrl(base + "/");
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths.matcher(base + "/assets/**")).permitAll()
                        .requestMatchers(paths.matcher(base + "/login")).permitAll()
                        .requestMatchers(paths.matcher("/eureka/**")).permitAll()
                        .requestMatchers(paths.matcher("/actuator/health/**")).permitAll()
                        .requestMatchers(paths.matcher("/actuator/health")).permitAll()
                        .requestMatchers(paths.matcher("/error")).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage(base + "/login").successHandler(success))
                .logout(logout -> logout.logoutUrl(base + "/logout"))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .ignoringRequestMatchers(paths.matcher("/eureka/**"),
                                paths.matcher(base + "/instances"),
                                paths.matcher(base + "/instances/**"),
                                paths.matcher("/actuator/**")));
        return http.build();
    }

    @Bean
    UserDetailsService opsUsers(OpsCredentials credentials) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(credentials.username())
                .password(encoder.encode(credentials.password()))
                .roles("OPS")
                .build());
    }
}

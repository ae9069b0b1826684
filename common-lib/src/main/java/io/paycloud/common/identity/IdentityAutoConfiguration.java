package io.paycloud.common.identity;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import tools.jackson.databind.json.JsonMapper;

/** Verifies incoming identities and signs outgoing calls in every servlet service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

    @Bean
    FilterRegistrationBean<IdentityFilter> identityFilter(IdentityProperties properties, JsonMapper json) {
        if (properties.gatewayPublicKey() == null || properties.servicePublicKey() == null) {
            throw new IllegalStateException("paycloud.identity.gateway-public-key and service-public-key are required "
                    + "(PAYCLOUD_IDENTITY_GATEWAY_PUBLIC_KEY, PAYCLOUD_IDENTITY_SERVICE_PUBLIC_KEY)");
        }
        FilterRegistrationBean<IdentityFilter> registration = new FilterRegistrationBean<>(new IdentityFilter(
                IdentityTokens.publicKey(properties.gatewayPublicKey()),
                IdentityTokens.publicKey(properties.servicePublicKey()), json, Clock.systemUTC()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ActuatorAccessFilter> actuatorAccessFilter(@Value("${paycloud.ops.username:}") String username,
            @Value("${paycloud.ops.password:}") String password, JsonMapper json) {
        FilterRegistrationBean<ActuatorAccessFilter> registration = new FilterRegistrationBean<>(
                new ActuatorAccessFilter(username, password, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class Outbound {

        @Bean
        RestClientCustomizer serviceIdentity(IdentityProperties properties,
                @Value("${spring.application.name:service}") String name) {
            if (properties.servicePrivateKey() == null) {
                throw new IllegalStateException("paycloud.identity.service-private-key is required "
                        + "(PAYCLOUD_IDENTITY_SERVICE_PRIVATE_KEY)");
            }
            ServiceIdentityPropagation propagation = new ServiceIdentityPropagation(name,
                    IdentityTokens.privateKey(properties.servicePrivateKey()), properties.tokenTtl(), Clock.systemUTC());
            return builder -> builder.requestInterceptor(propagation);
        }
    }
}

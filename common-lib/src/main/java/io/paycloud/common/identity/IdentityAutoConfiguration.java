package io.paycloud.common.identity;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The platform's identity keys in every service that signs or verifies identity tokens: the JWK set
 * of every service's public key, this service's own private key, a {@link TokenMinter} for its own
 * calls and a {@link PlatformJwtDecoder} for the calls it receives (audience = its name).
 */
@AutoConfiguration
@ConditionalOnClass(JWKSet.class)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

    @Bean
    PlatformKeys platformKeys(IdentityProperties properties) {
        if (properties.jwks() == null || properties.jwks().isBlank()) {
            throw new IllegalStateException("paycloud.identity.jwks is required (PAYCLOUD_IDENTITY_JWKS): the public "
                    + "keys of every platform service, made by bin/identity-keys.java");
        }
        return PlatformKeys.fromJwks(properties.jwks());
    }

    @Bean
    TokenMinter tokenMinter(IdentityProperties properties, @Value("${spring.application.name}") String name) {
        if (properties.privateKey() == null || properties.privateKey().isBlank()) {
            throw new IllegalStateException("paycloud.identity.private-key is required (PAYCLOUD_IDENTITY_PRIVATE_KEY): "
                    + "this service's own key, made by bin/identity-keys.java");
        }
        String keyId = properties.keyId() == null || properties.keyId().isBlank() ? name : properties.keyId();
        return new TokenMinter(name, keyId, PlatformKeys.privateKey(properties.privateKey()), properties.tokenTtl(),
                Clock.systemUTC());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JwtDecoder.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Inbound {

        @Bean
        JwtDecoder platformJwtDecoder(PlatformKeys keys, @Value("${spring.application.name}") String name) {
            return new PlatformJwtDecoder(keys, name, Clock.systemUTC());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class Outbound {

        @Bean
        RestClientCustomizer serviceIdentity(TokenMinter minter, PlatformKeys keys) {
            ServiceTokenInterceptor interceptor = new ServiceTokenInterceptor(minter, keys.services());
            return builder -> builder.requestInterceptor(interceptor);
        }
    }
}

package io.paycloud.account.operator;

import java.security.interfaces.ECPublicKey;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.paycloud.account.audit.AuditEntry;
import io.paycloud.account.audit.AuditTrail;
import io.paycloud.common.identity.IdentityProperties;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformKeys;

/**
 * The embedded OpenID Connect issuer for operators, Spring Authorization Server in account-service,
 * which already owns the platform's other credentials (merchants' keys) and a database. Each operator
 * is an OAuth 2.0 client of its own: a script gets an access token with the client-credentials grant
 * and the operator's secret at {@code POST /oauth2/token} (through the gateway, which routes the
 * issuer's endpoints here). The token is an ES256 JWT signed with account-service's platform key,
 * {@code sub} = the operator, {@code roles} = the operator's roles at issue time, {@code aud} =
 * {@link OperatorProperties#audience()}; it is not stored (self-contained), so it cannot be revoked
 * before it expires: disabling an operator or revoking a role takes effect within
 * {@link OperatorProperties#accessTokenTtl()}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorProperties.class)
class OperatorIssuer {

    private static final Logger log = LoggerFactory.getLogger(OperatorIssuer.class);

    /** The issuer's endpoints only (token, JWK set, discovery); the service's API chain handles the rest. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain issuer(HttpSecurity http, RegisteredClientRepository clients) throws Exception {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.registeredClientRepository(clients)
                    .authorizationService(new SelfContainedTokens())
                    .oidc(Customizer.withDefaults());
        })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    PasswordEncoder operatorSecrets() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository operatorClients(Operators operators, OperatorProperties properties) {
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient client) {
                throw new UnsupportedOperationException("operators are made with POST /v1/operators");
            }

            @Override
            public RegisteredClient findById(String id) {
                return findByClientId(id);
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                return operators.find(clientId).filter(Operators.Operator::enabled)
                        .map(operator -> RegisteredClient.withId(operator.username())
                                .clientId(operator.username())
                                .clientSecret(operator.secretHash())
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                                .tokenSettings(TokenSettings.builder()
                                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                                        .accessTokenTimeToLive(properties.accessTokenTtl())
                                        .build())
                                .build())
                        .orElse(null);
            }
        };
    }

    /** The operator's name, roles and the audience go into the token; an operator disabled meanwhile gets none. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> operatorClaims(Operators operators, OperatorProperties properties,
            AuditTrail audit) {
        return context -> {
            context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            String username = context.getRegisteredClient().getClientId();
            Operators.Operator operator = operators.find(username).filter(Operators.Operator::enabled)
                    .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT)));
            List<String> roles = OperatorRole.wire(operator.roles());
            context.getClaims().subject(username)
                    .audience(List.of(properties.audience()))
                    .claim("roles", roles);
            // a sign-in is an operator action too: who got a token, with which roles, until when
            audit.append(new AuditEntry(null, username, roles, "operator.token_issued", username, null, "issued", null, null));
        };
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(OperatorProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    /** account-service's own platform key pair; the JWK set endpoint publishes its public half only. */
    @Bean
    JWKSource<SecurityContext> operatorSigningKey(IdentityProperties identity, PlatformKeys keys,
            @Value("${spring.application.name}") String name) {
        String keyId = identity.keyId() == null || identity.keyId().isBlank() ? name : identity.keyId();
        ECPublicKey publicKey = keys.keyOf(name, keyId)
                .orElseThrow(() -> new IllegalStateException("no public key '" + keyId + "' in paycloud.identity.jwks"));
        ECKey key = new ECKey.Builder(Curve.P_256, publicKey)
                .privateKey(PlatformKeys.privateKey(identity.privateKey()))
                .keyID(keyId)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** With no operator at all, the first administrator, from the configured secret. */
    @Bean
    ApplicationRunner firstAdministrator(Operators operators, OperatorProperties properties, AuditTrail audit) {
        return args -> {
            if (!operators.none()) {
                return;
            }
            if (properties.bootstrapSecret() == null || properties.bootstrapSecret().isBlank()) {
                log.warn("There is no operator and no paycloud.operators.bootstrap-secret (PAYCLOUD_OPERATORS_BOOTSTRAP_SECRET): "
                        + "nobody can sign in as an operator.");
                return;
            }
            try {
                operators.create(properties.bootstrapUsername(), java.util.EnumSet.of(OperatorRole.ADMIN), "bootstrap",
                        properties.bootstrapSecret());
                log.info("Created the first administrator, '{}'.", properties.bootstrapUsername());
                audit.append(new AuditEntry(null, "account-service", List.of(), "operator.created", properties.bootstrapUsername(),
                        "{\"roles\":[\"admin\"]}", "bootstrap", null, null));
            } catch (DuplicateKeyException | io.paycloud.common.error.ApiException e) {
                // another replica made it first
            }
        };
    }

    /**
     * Access tokens are self-contained JWTs and the only grant is client credentials, which leaves
     * nothing to look up later; keeping every issued token in memory would only grow.
     */
    private static final class SelfContainedTokens implements OAuth2AuthorizationService {

        @Override
        public void save(OAuth2Authorization authorization) {
        }

        @Override
        public void remove(OAuth2Authorization authorization) {
        }

        @Override
        public OAuth2Authorization findById(String id) {
            return null;
        }

        @Override
        public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
            return null;
        }
    }
}

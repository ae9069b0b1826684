package io.paycloud.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * The console's sign-in: OpenID Connect with the authorization-code grant and PKCE, as a public
 * client of the operators' issuer (the embedded one in account-service, or any other by
 * configuration). The browser goes to the issuer's authorization endpoint (at the gateway's public
 * address), signs in there, and comes back with a code the console exchanges, server to server, for
 * an ID token; that token is verified (the issuer's keys, {@code iss}, {@code aud} = the console,
 * the nonce, expiry) and its roles become the session's: {@code viewer} opens the console read-only,
 * {@code admin} may also act on an instance (loggers, caches…); anyone else is refused. The console
 * never sees an operator's secret.
 */
final class OperatorSignIn {

    static final String REGISTRATION = "paycloud";
    static final String VIEWER = "OPERATOR_VIEWER";
    static final String ADMIN = "OPERATOR_ADMIN";

    /**
     * @param issuer the {@code iss} of the ID tokens (the gateway's public URL for the embedded issuer)
     * @param clientId the console's client id at the issuer
     * @param authorizationUri where browsers are sent to sign in; the issuer's {@code /oauth2/authorize} by default
     * @param tokenUri the issuer's token endpoint as the registry reaches it ({@code lb://account-service/…} by default)
     * @param jwkSetUri the issuer's keys, likewise
     * @param redirectUri the console's callback exactly as registered at the issuer; by default this
     *        console's address as the browser reached it, {@code /login/oauth2/code/paycloud}
     * @param rolesClaim the claim holding the roles, a dotted path for a nested one ({@code realm_access.roles})
     * @param roleMapping an external provider's group names to PayCloud's role names; when given, a name it
     *        does not map grants nothing
     * @param usernameClaim the ID token's claim naming the operator ({@code preferred_username} for Keycloak)
     */
    @ConfigurationProperties("paycloud.operators")
    record Issuer(String issuer, String clientId, String authorizationUri, String tokenUri, String jwkSetUri,
            String redirectUri, String rolesClaim, Map<String, String> roleMapping, String usernameClaim) {

        Issuer {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalStateException("paycloud.operators.issuer is required (PAYCLOUD_OPERATORS_ISSUER)");
            }
            clientId = blank(clientId) ? "paycloud-console" : clientId;
            authorizationUri = blank(authorizationUri) ? issuer.replaceAll("/+$", "") + "/oauth2/authorize" : authorizationUri;
            tokenUri = blank(tokenUri) ? "lb://account-service/oauth2/token" : tokenUri;
            jwkSetUri = blank(jwkSetUri) ? "lb://account-service/oauth2/jwks" : jwkSetUri;
            redirectUri = blank(redirectUri) ? "{baseUrl}/login/oauth2/code/{registrationId}" : redirectUri;
            rolesClaim = blank(rolesClaim) ? "roles" : rolesClaim;
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
            usernameClaim = blank(usernameClaim) ? "sub" : usernameClaim;
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }

        ClientRegistration registration() {
            return ClientRegistration.withRegistrationId(REGISTRATION)
                    .clientName("PayCloud operators")
                    .clientId(clientId)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(redirectUri)
                    .scope(OidcScopes.OPENID)
                    .issuerUri(issuer)
                    .authorizationUri(authorizationUri)
                    .tokenUri(http(tokenUri))
                    .jwkSetUri(http(jwkSetUri))
                    .userNameAttributeName(usernameClaim)
                    .build();
        }
    }

    private OperatorSignIn() {
    }

    /** {@code lb://name/…} as the load-balanced clients take it, {@code http://name/…}. */
    static String http(String uri) {
        return uri.startsWith("lb://") ? "http://" + uri.substring("lb://".length()) : uri;
    }

    /** The code exchange, through the registry's own list of instances when the token URI is {@code lb://}. */
    static OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenClient(Issuer issuer,
            RestClient.Builder loadBalanced) {
        RestClient.Builder builder = issuer.tokenUri().startsWith("lb://") ? loadBalanced.clone() : RestClient.builder();
        RestClient client = builder.configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
        tokens.setRestClient(client);
        return tokens;
    }

    /** Verifies ID tokens with the issuer's keys (fetched through the registry for {@code lb://}). */
    static JwtDecoderFactory<ClientRegistration> idTokenDecoders(Issuer issuer, RestOperations loadBalanced) {
        return registration -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(http(issuer.jwkSetUri()))
                    .jwsAlgorithm(SignatureAlgorithm.ES256).jwsAlgorithm(SignatureAlgorithm.RS256)
                    .restOperations(issuer.jwkSetUri().startsWith("lb://") ? loadBalanced : new RestTemplate())
                    .build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                    new OidcIdTokenValidator(registration)));
            return (JwtDecoder) decoder;
        };
    }

    /** The signed-in operator from the ID token alone (no user-info call), with the console's authorities. */
    static OAuth2UserService<OidcUserRequest, OidcUser> operators(Issuer issuer) {
        return request -> {
            OidcIdToken token = request.getIdToken();
            Collection<GrantedAuthority> authorities = authorities(roles(token.getClaims(), issuer));
            if (authorities.isEmpty()) {
                throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
                        "The console needs the viewer or admin role", null));
            }
            if (!(token.getClaims().get(issuer.usernameClaim()) instanceof String name) || name.isBlank()) {
                throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
                        "The ID token's " + issuer.usernameClaim() + " claim names no operator", null));
            }
            return new DefaultOidcUser(authorities, token, issuer.usernameClaim());
        };
    }

    /** The role names in the token's roles claim (a dotted path), mapped where the provider names them otherwise. */
    static Set<String> roles(Map<String, Object> claims, Issuer issuer) {
        Object value = claims;
        for (String part : issuer.rolesClaim().split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        Set<String> roles = new java.util.TreeSet<>();
        if (value instanceof Collection<?> names) {
            for (Object name : names) {
                if (name instanceof String role) {
                    String mapped = issuer.roleMapping().isEmpty() ? role : issuer.roleMapping().get(role);
                    if (mapped != null) {
                        roles.add(mapped);
                    }
                }
            }
        }
        return roles;
    }

    static Collection<GrantedAuthority> authorities(Set<String> roles) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (roles.contains("viewer") || roles.contains("admin")) {
            authorities.add(new SimpleGrantedAuthority(VIEWER));
        }
        if (roles.contains("admin")) {
            authorities.add(new SimpleGrantedAuthority(ADMIN));
        }
        return authorities;
    }
}

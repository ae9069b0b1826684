package io.paycloud.gateway.edge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.web.reactive.function.client.WebClient;

import io.paycloud.common.identity.OperatorRole;
import reactor.core.publisher.Mono;

/**
 * Operators' access tokens, from the platform's OpenID Connect issuer (the embedded one in
 * account-service, or any provider by configuration): Spring Security's resource-server support,
 * with the issuer's JWK set, {@code iss} and {@code aud} required. The operator's roles come from a
 * claim of the token (a dotted path such as {@code realm_access.roles} for Keycloak), through an
 * optional mapping from the provider's group names to PayCloud roles; names that map to no role grant
 * nothing.
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience an {@code aud} value every token must carry
 * @param jwkSetUri where the issuer's public keys are; {@code lb://service/…} goes through the registry
 * @param rolesClaim the claim holding the roles or groups
 * @param roleMapping a provider's group name → a PayCloud role name; when empty, role names are taken as they are
 * @param usernameClaim the claim naming the operator in the audit trail and the approvals ({@code sub} by
 *        default; {@code preferred_username} for Keycloak, whose {@code sub} is a UUID)
 */
@ConfigurationProperties("paycloud.operators")
record OperatorTokens(String issuer, String audience, String jwkSetUri, String rolesClaim, Map<String, String> roleMapping,
        String usernameClaim) {

    /** What may name an operator: the embedded issuer's usernames, a UUID, an e-mail address. */
    private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}");

    /** Every authenticated operator has this authority; endpoints open to any operator ask for it. */
    static final String OPERATOR = "ROLE_" + EdgeSecurity.OPS;

    OperatorTokens {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("paycloud.operators.issuer is required (PAYCLOUD_OPERATORS_ISSUER)");
        }
        audience = audience == null || audience.isBlank() ? "paycloud" : audience;
        jwkSetUri = jwkSetUri == null || jwkSetUri.isBlank() ? "lb://account-service/oauth2/jwks" : jwkSetUri;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "sub" : usernameClaim;
    }

    ReactiveAuthenticationManager authenticationManager(ServiceWebClients services) {
        WebClient.Builder client = WebClient.builder();
        String uri = jwkSetUri;
        if (uri.startsWith("lb://")) {
            uri = "http://" + uri.substring("lb://".length());
            client = services.loadBalanced();
        }
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(uri)
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.ES256);
                    algorithms.add(SignatureAlgorithm.RS256);
                })
                .webClient(client.build())
                .build();
        OAuth2TokenValidator<Jwt> audienceRequired = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(audience));
        OAuth2TokenValidator<Jwt> expiryRequired = new JwtClaimValidator<Object>("exp", exp -> exp != null);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                audienceRequired, expiryRequired));
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
        manager.setJwtAuthenticationConverter(jwt -> Mono.fromCallable(() -> authentication(jwt)));
        return manager;
    }

    /** The operator a verified token names; a token that names nobody, or not plainly, authenticates nobody. */
    AbstractAuthenticationToken authentication(Jwt jwt) {
        Object username = jwt.getClaims().get(usernameClaim);
        if (!(username instanceof String name) || !USERNAME.matcher(name).matches()) {
            throw new InvalidBearerTokenException("The token's " + usernameClaim + " claim does not name an operator.");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(OPERATOR));
        for (OperatorRole role : roles(jwt)) {
            authorities.add(new SimpleGrantedAuthority(role.authority()));
        }
        return new JwtAuthenticationToken(jwt, authorities, name);
    }

    Set<OperatorRole> roles(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String part : rolesClaim.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
        if (value instanceof Collection<?> names) {
            for (Object name : names) {
                if (name instanceof String s) {
                    String mapped = roleMapping.isEmpty() ? s : roleMapping.get(s);
                    if (mapped != null) {
                        OperatorRole.ofWire(mapped).ifPresent(roles::add);
                    }
                }
            }
        }
        return roles;
    }

    /** The roles of an authenticated operator, from its authorities. */
    static Set<OperatorRole> rolesOf(Collection<? extends GrantedAuthority> authorities) {
        Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
        for (OperatorRole role : OperatorRole.values()) {
            if (authorities.stream().anyMatch(a -> role.authority().equals(a.getAuthority()))) {
                roles.add(role);
            }
        }
        return roles;
    }
}

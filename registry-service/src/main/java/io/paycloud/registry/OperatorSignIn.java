package io.paycloud.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * The console's sign-in: each operator with their own name and secret, checked by the platform's
 * issuer, never a login of the console's own. The credentials are sent to the issuer's token endpoint
 * (client credentials, as a script would), the answer is verified like any access token (the issuer's
 * keys, {@code iss}, {@code aud}, expiry) and the operator's roles become the session's: {@code viewer}
 * opens the console read-only, {@code admin} may also act on an instance (loggers, caches…); anyone
 * else is refused. Nothing is stored here; disabling an operator at the issuer stops the next sign-in.
 */
final class OperatorSignIn implements AuthenticationProvider {

    static final String VIEWER = "OPERATOR_VIEWER";
    static final String ADMIN = "OPERATOR_ADMIN";

    /**
     * @param issuer the {@code iss} of operators' tokens (the gateway's public URL)
     * @param audience the {@code aud} they carry
     * @param tokenUri the issuer's token endpoint as the registry reaches it ({@code lb://account-service/…} by default)
     * @param jwkSetUri the issuer's keys, likewise
     */
    @ConfigurationProperties("paycloud.operators")
    record Issuer(String issuer, String audience, String tokenUri, String jwkSetUri) {

        Issuer {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalStateException("paycloud.operators.issuer is required (PAYCLOUD_OPERATORS_ISSUER)");
            }
            audience = audience == null || audience.isBlank() ? "paycloud" : audience;
            tokenUri = tokenUri == null || tokenUri.isBlank() ? "lb://account-service/oauth2/token" : tokenUri;
            jwkSetUri = jwkSetUri == null || jwkSetUri.isBlank() ? "lb://account-service/oauth2/jwks" : jwkSetUri;
        }
    }

    private record TokenResponse(String access_token) {
    }

    private final RestOperations tokenClient;
    private final String tokenUri;
    private final JwtDecoder tokens;

    /** {@code loadBalanced} resolves {@code http://service/…} through the registry; {@code lb://} URIs use it. */
    OperatorSignIn(Issuer issuer, RestOperations loadBalanced) {
        this.tokenClient = issuer.tokenUri().startsWith("lb://") ? loadBalanced : new RestTemplate();
        this.tokenUri = http(issuer.tokenUri());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(http(issuer.jwkSetUri()))
                .jwsAlgorithm(SignatureAlgorithm.ES256).jwsAlgorithm(SignatureAlgorithm.RS256)
                .restOperations(issuer.jwkSetUri().startsWith("lb://") ? loadBalanced : new RestTemplate())
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer.issuer()),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(issuer.audience()))));
        this.tokens = decoder;
    }

    private static String http(String uri) {
        return uri.startsWith("lb://") ? "http://" + uri.substring("lb://".length()) : uri;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String secret = String.valueOf(authentication.getCredentials());
        if (username == null || username.isBlank() || username.length() > 64 || secret.isEmpty() || secret.length() > 200) {
            throw new BadCredentialsException("Bad credentials");
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(username, secret, java.nio.charset.StandardCharsets.UTF_8);
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        TokenResponse answer;
        try {
            answer = tokenClient.postForObject(tokenUri, new HttpEntity<>(form, headers), TokenResponse.class);
        } catch (HttpClientErrorException e) {
            throw new BadCredentialsException("Bad credentials");
        } catch (RestClientException e) {
            throw new AuthenticationServiceException("The operators' issuer cannot be reached", e);
        }
        if (answer == null || answer.access_token() == null) {
            throw new AuthenticationServiceException("The operators' issuer answered without a token");
        }
        Jwt jwt;
        try {
            jwt = tokens.decode(answer.access_token());
        } catch (JwtException e) {
            throw new AuthenticationServiceException("The issuer's token did not verify", e);
        }
        Collection<GrantedAuthority> authorities = authorities(jwt);
        if (authorities.isEmpty()) {
            throw new DisabledException("The console needs the viewer or admin role");
        }
        return UsernamePasswordAuthenticationToken.authenticated(jwt.getSubject(), null, authorities);
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        Object roles = jwt.getClaims().getOrDefault("roles", List.of());
        if (roles instanceof Collection<?> names) {
            if (names.contains("viewer") || names.contains("admin")) {
                authorities.add(new SimpleGrantedAuthority(VIEWER));
            }
            if (names.contains("admin")) {
                authorities.add(new SimpleGrantedAuthority(ADMIN));
            }
        }
        return authorities;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

}

package io.paycloud.account.operator;

import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
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
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

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

    /**
     * The issuer's endpoints only (token, authorization, JWK set, discovery); the service's API chain
     * handles the rest. A browser that asks {@code /oauth2/authorize} before signing in is sent to
     * {@link SignInPage} (a relative redirect: it came through the gateway, whose address this service
     * does not know), and its request is kept in its session to continue after the sign-in. The
     * sign-in buys one code: the session ends as the code is sent ({@link #codeOnce}), so signing out
     * of the console, or a stolen session cookie, signs nobody in again without the secret (and code).
     * Scripts' token requests never get a session.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain issuer(HttpSecurity http, RegisteredClientRepository clients,
            OAuth2AuthorizationService authorizations) throws Exception {
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SignInPage.PATH);
        signIn.setFavorRelativeUris(true);
        HttpSessionRequestCache authorizeRequests = new HttpSessionRequestCache();
        authorizeRequests.setRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/oauth2/authorize"));
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.registeredClientRepository(clients)
                    .authorizationService(authorizations)
                    .authorizationEndpoint(endpoint -> endpoint.authorizationResponseHandler(OperatorIssuer::codeOnce))
                    .oidc(Customizer.withDefaults());
        })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(signIn,
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/oauth2/authorize")))
                // the token endpoint's clients authenticate on every request and are stateless; the
                // authorization endpoint reads the sign-in from the session SignInPage's chain made
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.requestCache(authorizeRequests));
        return http.build();
    }

    /**
     * The sign-in form of a browser (the console's operators): username and secret, checked like a
     * script's client credentials ({@link OperatorAuthentication}), with CSRF protection, then back to the
     * authorization request that sent it here, by a relative URL.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 2)
    SecurityFilterChain signIn(HttpSecurity http, Operators operators, PasswordEncoder operatorSecrets, AuditTrail audit,
            java.time.Clock clock, OperatorProperties properties, SecondFactors secondFactors) throws Exception {
        // not a bean: as the only AuthenticationProvider bean it would become every chain's fallback
        // manager, and operators' secrets would be tried on the actuator's Basic login too
        OperatorAuthentication operatorSignIn = new OperatorAuthentication(operators, operatorSecrets, audit, clock,
                properties, secondFactors);
        SavedRequestAwareAuthenticationSuccessHandler saved = new SavedRequestAwareAuthenticationSuccessHandler();
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(SignInPage.PATH))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .authenticationManager(new ProviderManager(operatorSignIn))
                .formLogin(form -> form.loginPage(SignInPage.PATH)
                        .authenticationDetailsSource(OperatorAuthentication.SignInDetails::new)
                        // only back to the form: the default handler keeps the exception in the session,
                        // and with it the attempt's request, the secret typed
                        .failureHandler((request, response, exception) -> response.sendRedirect(SignInPage.PATH + "?error"))
                        .successHandler((request, response, authentication) -> {
                            SavedRequest pending = cache.getRequest(request, response);
                            if (pending instanceof DefaultSavedRequest authorize) {
                                cache.removeRequest(request, response);
                                String query = authorize.getQueryString();
                                response.sendRedirect(authorize.getRequestURI() + (query == null ? "" : "?" + query));
                            } else {
                                saved.onAuthenticationSuccess(request, response, authentication);
                            }
                        }))
                .requestCache(c -> c.requestCache(cache));
        return http.build();
    }

    /**
     * Sends the browser back to the client with its code (and state), as the authorization endpoint
     * does, after ending the issuer session that signed it in: one sign-in, one code.
     */
    static void codeOnce(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.Authentication authentication) throws java.io.IOException {
        var issued = (org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        org.springframework.web.util.UriComponentsBuilder uri = org.springframework.web.util.UriComponentsBuilder
                .fromUriString(issued.getRedirectUri())
                .queryParam(org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames.CODE,
                        issued.getAuthorizationCode().getTokenValue());
        if (issued.getState() != null && !issued.getState().isEmpty()) {
            uri.queryParam(org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames.STATE,
                    org.springframework.web.util.UriUtils.encode(issued.getState(), java.nio.charset.StandardCharsets.UTF_8));
        }
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
        response.sendRedirect(uri.build(true).toUriString());
    }

    /**
     * No registry of sign-in sessions: each lasts one code ({@link #codeOnce}), lives in Redis, and
     * the authorization server's own in-memory registry would keep every one of them forever.
     */
    @Bean
    org.springframework.security.core.session.SessionRegistry noSignInSessionRegistry() {
        return new org.springframework.security.core.session.SessionRegistry() {
            @Override
            public List<Object> getAllPrincipals() {
                return List.of();
            }

            @Override
            public List<org.springframework.security.core.session.SessionInformation> getAllSessions(Object principal,
                    boolean includeExpiredSessions) {
                return List.of();
            }

            @Override
            public org.springframework.security.core.session.SessionInformation getSessionInformation(String sessionId) {
                return null;
            }

            @Override
            public void refreshLastRequest(String sessionId) {
            }

            @Override
            public void registerNewSession(String sessionId, Object principal) {
            }

            @Override
            public void removeSessionInformation(String sessionId) {
            }
        };
    }

    /**
     * The sign-in session's cookie (Spring Session, in Redis): sent back to the issuer's paths alone,
     * under a name of its own (the console, on the same host, has a session cookie too), never to
     * scripts, out of reach of page scripts, and not on cross-site requests but top-level navigation.
     */
    @Bean
    CookieSerializer signInSessionCookie(OperatorProperties properties) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName("PAYCLOUD_ISSUER_SESSION");
        // the gateway speaks plain HTTP to this service: the issuer's public URL says whether browsers use HTTPS
        cookie.setUseSecureCookie(properties.issuer().startsWith("https://"));
        cookie.setCookiePath("/oauth2");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        return cookie;
    }

    /**
     * Authorizations of the authorization-code grant, from the code to its exchange, in the database
     * so any replica can finish them; the client-credentials grant's are not kept (its tokens are
     * self-contained, and keeping them would only grow).
     */
    @Bean
    OAuth2AuthorizationService operatorAuthorizations(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new CodeAuthorizations(new JdbcOAuth2AuthorizationService(jdbc, clients));
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
                if (properties.console().clientId().equals(clientId)) {
                    return browserClient(properties.console(), properties);
                }
                if (properties.dashboard().clientId().equals(clientId)) {
                    return browserClient(properties.dashboard(), properties);
                }
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

    /** The ops console or the dashboard: a public client (PKCE, no secret) for a browser's sign-in, OpenID Connect. */
    private static RegisteredClient browserClient(OperatorProperties.BrowserClient client, OperatorProperties properties) {
        return RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .authorizationCodeTimeToLive(java.time.Duration.ofMinutes(1))
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
                        .build())
                .build();
    }

    /**
     * The operator's name and roles go into the token, and the audience into the access token; an
     * operator disabled meanwhile gets none. A script's token names the client (the operator); a
     * browser's names the operator who signed in, whichever client (the console) asked.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> operatorClaims(Operators operators, OperatorProperties properties,
            AuditTrail audit) {
        return context -> {
            context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
            boolean browser = AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType());
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            String username = browser ? context.getPrincipal().getName() : context.getRegisteredClient().getClientId();
            Operators.Operator operator = operators.find(username).filter(Operators.Operator::enabled)
                    .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(
                            browser ? OAuth2ErrorCodes.ACCESS_DENIED : OAuth2ErrorCodes.INVALID_CLIENT)));
            boolean secondFactor = browser && context.getPrincipal().getAuthorities().stream()
                    .anyMatch(a -> OperatorAuthentication.TOTP.equals(a.getAuthority()));
            if (browser && !secondFactor && properties.needsSecondFactor(operator.roles())) {
                // a role that needs a one-time code, granted after a sign-in without one: sign in again
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
                        "Sign in again with a one-time code: a role of the operator needs one.", null));
            }
            List<String> roles = OperatorRole.wire(operator.roles());
            // mutable lists: a browser's tokens are stored with their claims, which read back only as plain types
            context.getClaims().subject(username).claim("roles", new ArrayList<>(roles));
            if (browser) {
                // how the operator signed in (RFC 8176): the secret, and the one-time code where their role needs one
                List<String> methods = new ArrayList<>(List.of("pwd"));
                if (secondFactor) {
                    methods.add("otp");
                    methods.add("mfa");
                }
                context.getClaims().claim("amr", methods);
                // when the secret was presented (no registry of sign-in sessions to take it from)
                context.getPrincipal().getAuthorities().stream()
                        .filter(a -> a instanceof org.springframework.security.core.authority.FactorGrantedAuthority factor
                                && FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(factor.getAuthority()))
                        .map(a -> ((org.springframework.security.core.authority.FactorGrantedAuthority) a).getIssuedAt())
                        .filter(java.util.Objects::nonNull).findFirst()
                        .ifPresent(at -> context.getClaims().claim("auth_time", java.util.Date.from(at)));
            }
            if (accessToken) {
                // the console reads only the ID token: its access token opens no API (the dashboard's opens the data)
                boolean console = properties.console().clientId().equals(context.getRegisteredClient().getClientId());
                context.getClaims().audience(new ArrayList<>(List.of(console ? properties.console().clientId()
                        : properties.audience())));
                // a sign-in is an operator action too: who got a token, with which roles, until when
                audit.append(new AuditEntry(null, username, roles, browser ? "operator.signed_in" : "operator.token_issued",
                        username, browser ? "{\"client\":\"" + context.getRegisteredClient().getClientId() + "\"}" : null,
                        "issued", null, null));
            }
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

    /** Keeps the authorization-code grant's authorizations only, until their code is exchanged (see {@link #operatorAuthorizations}). */
    private static final class CodeAuthorizations implements OAuth2AuthorizationService {

        private final OAuth2AuthorizationService stored;

        CodeAuthorizations(OAuth2AuthorizationService stored) {
            this.stored = stored;
        }

        @Override
        public void save(OAuth2Authorization authorization) {
            if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(authorization.getAuthorizationGrantType())) {
                return;
            }
            if (authorization.getAccessToken() != null) {
                // exchanged: the tokens are self-contained and nothing looks them up, so nothing keeps
                // them at rest; the code, gone with the row, cannot be exchanged again
                stored.remove(authorization);
            } else {
                stored.save(authorization);
            }
        }

        @Override
        public void remove(OAuth2Authorization authorization) {
            stored.remove(authorization);
        }

        @Override
        public OAuth2Authorization findById(String id) {
            return stored.findById(id);
        }

        @Override
        public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
            return stored.findByToken(token, tokenType);
        }
    }
}

package io.paycloud.account.operator;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.paycloud.common.identity.OperatorRole;

/**
 * The embedded OpenID Connect issuer for operators.
 *
 * @param issuer the issuer URL as operators and the gateway see it (the gateway's public address:
 *        {@code /oauth2/token}, {@code /oauth2/jwks} and the discovery documents are routed here)
 * @param audience the {@code aud} of the access tokens, which the gateway requires
 * @param accessTokenTtl lifetime of an access token; a disabled operator or a revoked role stops
 *        working at most this long after the change
 * @param bootstrapUsername the first administrator, created when there is no operator at all
 * @param bootstrapSecret that administrator's first secret (rotate it with
 *        {@code POST /v1/operators/{username}/secret}); without it no first administrator is created
 * @param console the ops console's browser sign-in, an OAuth 2.0 client of this issuer
 * @param dashboard the analytics dashboard's, a page at the gateway ({@code <issuer>/dashboard} by default)
 * @param secondFactorRoles the roles whose holders sign in at the browser form with a one-time code
 *        too (TOTP, {@link SecondFactors}); role names, {@code admin} and {@code treasury} by default
 */
@ConfigurationProperties("paycloud.operators")
public record OperatorProperties(String issuer, String audience, Duration accessTokenTtl, String bootstrapUsername,
        String bootstrapSecret, BrowserClient console, BrowserClient dashboard, List<String> secondFactorRoles) {

    /**
     * A browser client of the issuer: a public client (PKCE, no secret to hand out) that may have codes
     * sent to these exact redirect URIs only. The ops console (registry-service) signs operators in with
     * it; so does the dashboard, a page at the gateway that keeps the access token in memory.
     *
     * @param clientId the client id, which no operator may take as a username
     * @param redirectUris where the issuer may send a browser back with a code, exactly as registered
     */
    public record BrowserClient(String clientId, List<String> redirectUris) {

        BrowserClient orDefaults(String defaultId, List<String> defaultUris) {
            List<String> uris = redirectUris == null ? List.of()
                    : redirectUris.stream().map(String::strip).filter(uri -> !uri.isEmpty()).toList();
            return new BrowserClient(clientId == null || clientId.isBlank() ? defaultId : clientId,
                    uris.isEmpty() ? List.copyOf(defaultUris) : uris);
        }
    }

    /** Whether an operator holding {@code roles} needs a one-time code to sign in at the browser form. */
    public boolean needsSecondFactor(java.util.Collection<OperatorRole> roles) {
        return OperatorRole.wire(roles).stream().anyMatch(secondFactorRoles::contains);
    }

    public OperatorProperties {
        console = (console == null ? new BrowserClient(null, null) : console).orDefaults("paycloud-console",
                List.of("http://localhost:8761/login/oauth2/code/paycloud"));
        dashboard = (dashboard == null ? new BrowserClient(null, null) : dashboard).orDefaults("paycloud-dashboard",
                issuer == null ? List.of() : List.of(issuer.replaceAll("/+$", "") + "/dashboard"));
        secondFactorRoles = secondFactorRoles == null ? List.of("admin", "treasury")
                : secondFactorRoles.stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
        for (String role : secondFactorRoles) {
            if (OperatorRole.ofWire(role).isEmpty()) {
                throw new IllegalStateException("paycloud.operators.second-factor-roles: no role '" + role + "'");
            }
        }
        audience = audience == null || audience.isBlank() ? "paycloud" : audience;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(10) : accessTokenTtl;
        bootstrapUsername = bootstrapUsername == null || bootstrapUsername.isBlank() ? "admin" : bootstrapUsername;
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("paycloud.operators.issuer is required (PAYCLOUD_OPERATORS_ISSUER): the "
                    + "gateway's public URL, which operators get their tokens from");
        }
        if (accessTokenTtl.compareTo(Duration.ofHours(1)) > 0 || accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalStateException("paycloud.operators.access-token-ttl must be between 1 s and 1 h");
        }
    }
}

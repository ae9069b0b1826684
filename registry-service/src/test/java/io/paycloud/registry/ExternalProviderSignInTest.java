package io.paycloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The console configured for a Keycloak-like provider (groups under {@code realm_access.roles}, the
 * person in {@code preferred_username}, a mapping of group names): the operator it signs in and what
 * they may do come from the mapped groups alone, the same rule the gateway applies.
 */
class ExternalProviderSignInTest {

    static final String REALM = "https://sso.bank.example/realms/paycloud";

    static final OperatorSignIn.Issuer KEYCLOAK = new OperatorSignIn.Issuer(REALM, "paycloud-console",
            REALM + "/protocol/openid-connect/auth", REALM + "/protocol/openid-connect/token",
            REALM + "/protocol/openid-connect/certs", null, "realm_access.roles",
            Map.of("pc-administrators", "admin", "pc-analysts", "viewer"), "preferred_username");

    static OidcUser signIn(OperatorSignIn.Issuer issuer, Map<String, Object> claims) {
        Instant now = Instant.now();
        OidcIdToken id = OidcIdToken.withTokenValue("id-token").issuer(issuer.issuer()).subject("5b1e7c8e-3a0f-4c1e-9d55-0c0ffee00001")
                .audience(List.of(issuer.clientId())).issuedAt(now).expiresAt(now.plusSeconds(300)).claims(c -> c.putAll(claims)).build();
        OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", now, now.plusSeconds(300));
        return OperatorSignIn.operators(issuer).loadUser(new OidcUserRequest(issuer.registration(), access, id));
    }

    static List<String> authorities(OidcUser user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
    }

    @Test
    void aMappedGroupSignsTheOperatorInByTheirName() {
        OidcUser admin = signIn(KEYCLOAK, Map.of("preferred_username", "alice", "realm_access",
                Map.of("roles", List.of("offline_access", "pc-administrators"))));
        OidcUser analyst = signIn(KEYCLOAK, Map.of("preferred_username", "bob", "realm_access", Map.of("roles", List.of("pc-analysts"))));

        assertThat(admin.getName()).isEqualTo("alice");
        assertThat(authorities(admin)).containsExactly(OperatorSignIn.ADMIN, OperatorSignIn.VIEWER);
        assertThat(analyst.getName()).isEqualTo("bob");
        assertThat(authorities(analyst)).containsExactly(OperatorSignIn.VIEWER);
        assertThat(KEYCLOAK.registration().getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName())
                .isEqualTo("preferred_username");
    }

    @Test
    void namesTheMappingDoesNotKnowGrantNothingEvenWhenSpelledLikeARole() {
        for (Map<String, Object> claims : List.<Map<String, Object>>of(
                Map.of("preferred_username", "mallory", "realm_access", Map.of("roles", List.of("admin", "viewer"))),
                Map.of("preferred_username", "mallory", "roles", List.of("admin")),
                Map.of("preferred_username", "mallory", "realm_access", Map.of("roles", "pc-administrators")))) {
            assertThatThrownBy(() -> signIn(KEYCLOAK, claims)).as(claims.toString())
                    .isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("viewer or admin");
        }
    }

    @Test
    void anIdTokenThatNamesNobodySignsNobodyIn() {
        assertThatThrownBy(() -> signIn(KEYCLOAK, Map.of("realm_access", Map.of("roles", List.of("pc-administrators")))))
                .isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("preferred_username");
    }

    @Test
    void withoutAMappingTheEmbeddedIssuersRoleNamesAreTakenAsTheyAre() {
        OperatorSignIn.Issuer embedded = new OperatorSignIn.Issuer("http://localhost:8080", null, null, null, null, null, null, null, null);

        OidcUser root = signIn(embedded, Map.of("roles", List.of("admin", "treasury")));

        assertThat(root.getName()).isEqualTo("5b1e7c8e-3a0f-4c1e-9d55-0c0ffee00001");
        assertThat(authorities(root)).containsExactly(OperatorSignIn.ADMIN, OperatorSignIn.VIEWER);
    }
}

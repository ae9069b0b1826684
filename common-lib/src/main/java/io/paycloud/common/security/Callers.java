package io.paycloud.common.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformServices;

/**
 * The authorities a verified identity token grants, and the {@link Identity} of the current request.
 * A merchant or ops identity counts only when the gateway signed it; a service identity only when
 * the service signed it for itself ({@code sub} = {@code iss}). Anything else grants nothing.
 */
public final class Callers {

    public static final String MERCHANT = "ROLE_MERCHANT";
    public static final String OPS = "ROLE_OPS";
    /** Actuator endpoints on the management port: Prometheus and the admin console. */
    public static final String MONITORING = "ROLE_MONITORING";

    private Callers() {
    }

    /** The authority of calls signed by the platform service {@code name}. */
    public static String service(String name) {
        return "SERVICE_" + name;
    }

    /** Spring Security's converter from a verified token to an authentication with these authorities. */
    public static Converter<Jwt, AbstractAuthenticationToken> authorities() {
        return jwt -> new JwtAuthenticationToken(jwt, authoritiesOf(jwt), jwt.getSubject());
    }

    static Collection<GrantedAuthority> authoritiesOf(Jwt jwt) {
        String issuer = jwt.getClaimAsString("iss");
        Identity.Role role = Identity.Role.ofClaim(jwt.getClaimAsString("role"));
        List<GrantedAuthority> granted = new ArrayList<>(1);
        if (role == Identity.Role.SERVICE && issuer != null && issuer.equals(jwt.getSubject())) {
            granted.add(new SimpleGrantedAuthority(service(issuer)));
        } else if (PlatformServices.GATEWAY.equals(issuer) && role == Identity.Role.MERCHANT) {
            granted.add(new SimpleGrantedAuthority(MERCHANT));
        } else if (PlatformServices.GATEWAY.equals(issuer) && role == Identity.Role.OPS) {
            granted.add(new SimpleGrantedAuthority(OPS));
            for (OperatorRole operatorRole : OperatorRole.ofWire(jwt.getClaimAsStringList("roles"))) {
                granted.add(new SimpleGrantedAuthority(operatorRole.authority()));
            }
        }
        return granted;
    }

    /** The authority of an operator holding {@code role} (always together with {@link #OPS}). */
    public static String operator(OperatorRole role) {
        return role.authority();
    }

    /** The roles of the operator a request runs for; empty for anyone else. */
    public static Set<OperatorRole> operatorRoles(HttpServletRequest request) {
        Set<OperatorRole> roles = EnumSet.noneOf(OperatorRole.class);
        if (request.getUserPrincipal() instanceof JwtAuthenticationToken token) {
            for (OperatorRole role : OperatorRole.values()) {
                if (token.getAuthorities().stream().anyMatch(a -> role.authority().equals(a.getAuthority()))) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** The verified identity of a request, when it carried a platform token. */
    public static Optional<Identity> identity(HttpServletRequest request) {
        if (!(request.getUserPrincipal() instanceof JwtAuthenticationToken token)) {
            return Optional.empty();
        }
        Jwt jwt = token.getToken();
        Identity.Role role = Identity.Role.ofClaim(jwt.getClaimAsString("role"));
        if (role == null || token.getAuthorities().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Identity(jwt.getSubject(), role, jwt.getClaimAsString("iss"), jwt.getIssuedAt(),
                jwt.getExpiresAt()));
    }

    /** Who a request runs for ({@code merchant:m_…}, {@code ops:alice}, {@code anonymous}), for scoping records such as idempotency keys. */
    public static String scopeOf(HttpServletRequest request) {
        return identity(request).map(i -> i.role().name().toLowerCase(java.util.Locale.ROOT) + ":" + i.subject())
                .orElse("anonymous");
    }
}

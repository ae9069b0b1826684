package io.paycloud.gateway.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.TokenMinter;
import reactor.core.publisher.Mono;

/**
 * What a service receives instead of the client's credentials: the client's {@code Authorization}
 * (a merchant's secret key or an operator's access token) and every identity-looking header are
 * dropped, and an identity token for the authenticated caller (an operator's with their roles) is added, meant for the one service the route goes to
 * ({@code aud} = the route's service), so a token taken from one service opens nothing at another.
 */
@Component
class IdentityRelay implements GlobalFilter, Ordered {

    /** Route metadata marking the operators' OpenID Connect issuer. */
    static final String ISSUER_ROUTE = "operator-issuer";
    /** The issuer's browser sign-in session (account-service's OperatorIssuer names it). */
    static final String ISSUER_SESSION_COOKIE = "PAYCLOUD_ISSUER_SESSION";

    private final TokenMinter tokens;

    IdentityRelay(TokenMinter tokens) {
        this.tokens = tokens;
    }

    /** Before the route's own filters (breaker, retry) and the routing filter; after LoadShedding. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null && "true".equals(String.valueOf(route.getMetadata().get(ISSUER_ROUTE)))) {
            // the issuer authenticates its own clients: their credentials go through, and so does the issuer's
            // own sign-in session cookie (a browser signing in for the console), no other cookie; no identity is added
            List<String> session = exchange.getRequest().getCookies().getOrDefault(ISSUER_SESSION_COOKIE, List.of()).stream()
                    .map(cookie -> cookie.getName() + "=" + cookie.getValue()).toList();
            return chain.filter(exchange.mutate().request(exchange.getRequest().mutate().headers(headers -> {
                new ArrayList<>(headers.headerNames()).stream()
                        .filter(name -> isIdentityHeader(name) && !name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION))
                        .forEach(headers::remove);
                if (!session.isEmpty()) {
                    headers.set(HttpHeaders.COOKIE, String.join("; ", session));
                }
            }).build()).build());
        }
        String audience = route == null ? null : route.getUri().getHost();
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(principal -> token((Authentication) principal, audience))
                .defaultIfEmpty("")
                .flatMap(token -> chain.filter(exchange.mutate().request(relayed(exchange.getRequest(), token)).build()));
    }

    private String token(Authentication caller, String audience) {
        if (audience == null) {
            return "";
        }
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (authority.getAuthority().equals("ROLE_" + EdgeSecurity.MERCHANT)) {
                return tokens.token(caller.getName(), Identity.Role.MERCHANT, audience);
            }
            if (authority.getAuthority().equals(OperatorTokens.OPERATOR)) {
                return tokens.operator(caller.getName(), OperatorTokens.rolesOf(caller.getAuthorities()), audience);
            }
        }
        return "";
    }

    private static ServerHttpRequest relayed(ServerHttpRequest request, String token) {
        return request.mutate().headers(headers -> {
            new ArrayList<>(headers.headerNames()).stream().filter(IdentityRelay::isIdentityHeader).forEach(headers::remove);
            if (!token.isEmpty()) {
                headers.setBearerAuth(token);
            }
        }).build();
    }

    /** The client's credentials, ours, and the conventional forwarded-user headers. */
    static boolean isIdentityHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(HttpHeaders.AUTHORIZATION.toLowerCase(Locale.ROOT)) || n.equals("cookie")
                || n.startsWith("paycloud-") || n.startsWith("x-paycloud-") || n.equals("x-merchant-id")
                || n.equals("x-user") || n.equals("x-forwarded-user") || n.equals("x-auth-user");
    }
}

package io.paycloud.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.IdentityTokens;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * The gateway as the single trusted entry. It drops every identity header a client sends, decides
 * who the caller is (a merchant by secret key, ops by Basic credentials), enforces the ops role on
 * ops endpoints, and forwards a short-lived identity token signed with the gateway's key, which is
 * the only thing services believe.
 */
@Component
public class EdgeAuthenticationFilter implements WebFilter, Ordered {

    /** Exchange attribute: the merchant id of an authenticated merchant call (used by the rate limiter). */
    public static final String MERCHANT_ATTRIBUTE = EdgeAuthenticationFilter.class.getName() + ".merchant";

    private static final Logger log = LoggerFactory.getLogger(EdgeAuthenticationFilter.class);
    /** Stands for "account-service could not tell" in the resolver's answer. */
    private static final String UNAVAILABLE = "\u0000unavailable";

    private final ApiKeyResolver keys;
    private final ServiceTokens tokens;
    private final EdgeProperties properties;
    private final GatewayProblems problems;

    EdgeAuthenticationFilter(ApiKeyResolver keys, ServiceTokens tokens, EdgeProperties properties,
            GatewayProblems problems) {
        this.keys = keys;
        this.tokens = tokens;
        this.properties = properties;
        this.problems = problems;
        if (properties.opsUsername() == null || properties.opsUsername().isBlank()
                || properties.opsPassword() == null || properties.opsPassword().isBlank()) {
            throw new IllegalStateException("paycloud.edge.ops-username and ops-password are required "
                    + "(PAYCLOUD_OPS_USERNAME, PAYCLOUD_OPS_PASSWORD)");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest stripped = exchange.getRequest().mutate()
                .headers(h -> new java.util.ArrayList<>(h.headerNames()).stream()
                        .filter(EdgeAuthenticationFilter::isIdentityHeader).forEach(h::remove))
                .build();
        ServerWebExchange clean = exchange.mutate().request(stripped).build();
        String path = stripped.getPath().value();
        if (OpsPaths.isProtectedActuator(path)) {
            String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                    && opsCredentials(authorization.substring(6).trim())) {
                return chain.filter(clean);
            }
            clean.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"PayCloud ops\"");
            return problems.write(clean, ErrorCode.UNAUTHENTICATED, "Actuator endpoints other than health need the ops login.");
        }
        if (!OpsPaths.needsIdentity(path)) {
            return chain.filter(clean);
        }
        boolean opsPath = OpsPaths.isOps(stripped.getMethod(), path);
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (path.startsWith("/dashboard")) {
            // a browser asks for the ops login when the page answers 401
            clean.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"PayCloud ops\", charset=\"UTF-8\"");
        }
        if (authorization == null || authorization.isBlank()) {
            return problems.write(clean, ErrorCode.UNAUTHENTICATED,
                    "Send your secret key as 'Authorization: Bearer sk_test_…'.");
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (!opsCredentials(authorization.substring(6).trim())) {
                return problems.write(clean, ErrorCode.UNAUTHENTICATED, "Invalid ops credentials.");
            }
            if (!opsPath) {
                return problems.write(clean, ErrorCode.FORBIDDEN, "Merchant endpoints need a merchant's secret key.");
            }
            return chain.filter(withIdentity(clean, tokens.forCaller("ops", Identity.Role.OPS)));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return problems.write(clean, ErrorCode.UNAUTHENTICATED, "Unsupported authorization scheme.");
        }
        String key = authorization.substring(7).trim();
        if (!key.startsWith("sk_") || key.length() > 200) {
            return problems.write(clean, ErrorCode.UNAUTHENTICATED, "Invalid API key.");
        }
        return keys.resolve(key)
                .onErrorResume(e -> {
                    log.warn("Could not resolve an API key: {}", e.toString());
                    return Mono.just(Optional.of(UNAVAILABLE));
                })
                .flatMap(merchant -> {
                    if (merchant.isEmpty()) {
                        return problems.write(clean, ErrorCode.UNAUTHENTICATED, "Invalid API key.");
                    }
                    if (merchant.get().equals(UNAVAILABLE)) {
                        return problems.write(clean, ErrorCode.SERVICE_UNAVAILABLE,
                                "Authentication is unavailable right now; retry shortly.");
                    }
                    if (opsPath) {
                        return problems.write(clean, ErrorCode.FORBIDDEN, "This endpoint needs the ops role.");
                    }
                    clean.getAttributes().put(MERCHANT_ATTRIBUTE, merchant.get());
                    return chain.filter(withIdentity(clean, tokens.forCaller(merchant.get(), Identity.Role.MERCHANT)));
                });
    }

    private static ServerWebExchange withIdentity(ServerWebExchange exchange, String token) {
        return exchange.mutate().request(exchange.getRequest().mutate()
                .headers(h -> h.set(IdentityTokens.HEADER, token)).build()).build();
    }

    /** Any header a client could use to pose as someone: ours, and the conventional forwarded-user ones. */
    static boolean isIdentityHeader(String name) {
        String n = name.toLowerCase();
        return n.startsWith("paycloud-") || n.startsWith("x-paycloud-") || n.equals("x-merchant-id")
                || n.equals("x-user") || n.equals("x-forwarded-user") || n.equals("x-auth-user");
    }

    private boolean opsCredentials(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                properties.opsUsername().getBytes(StandardCharsets.UTF_8));
        boolean password = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                properties.opsPassword().getBytes(StandardCharsets.UTF_8));
        return user & password;
    }
}

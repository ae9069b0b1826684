package io.paycloud.gateway.edge;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * Slows down guessing: every 401 the gateway answers counts against the client's address and, for
 * the ops login, against the account named; past {@link EdgeProperties.Throttle} limits within a
 * window that address or account gets 429 {@code rate_limited} with {@code Retry-After} until the
 * window ends, whatever it sends. Requests without any credential are limited per address too.
 * Counters live in Redis, so the limits hold across gateway replicas; when Redis cannot answer within
 * 200 ms the request passes (a limiter outage must not become an outage) and a warning is logged.
 */
@Component
class AuthThrottle implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(200);

    private final ReactiveStringRedisTemplate redis;
    private final EdgeProperties.Throttle limits;
    private final GatewayProblems problems;

    AuthThrottle(ReactiveStringRedisTemplate redis, EdgeProperties properties, GatewayProblems problems) {
        this.redis = redis;
        this.limits = properties.throttle();
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        // before Spring Security's chain, so a throttled client does not even reach a password check
        return -110;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long windowMillis = limits.window().toMillis();
        long now = System.currentTimeMillis();
        long slot = now / windowMillis;
        long retryAfter = Math.max(1, ((slot + 1) * windowMillis - now + 999) / 1000);
        String address = address(exchange);
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String account = basicUser(authorization);
        String window = windowMillis + ":" + slot;
        String addressKey = "paycloud:authfail:a:" + address + ":" + window;
        String accountKey = account == null ? null : "paycloud:authfail:u:" + account + ":" + window;
        List<String> keys = new ArrayList<>(List.of(addressKey));
        if (accountKey != null) {
            keys.add(accountKey);
        }
        Mono<Boolean> blocked = redis.opsForValue().multiGet(keys)
                .map(counts -> over(counts.get(0), limits.failuresPerAddress())
                        || (counts.size() > 1 && over(counts.get(1), limits.failuresPerAccount())));
        if (authorization == null || authorization.isBlank()) {
            String anonymousKey = "paycloud:anonymous:" + address + ":" + window;
            blocked = blocked.flatMap(b -> b ? Mono.just(true)
                    : count(anonymousKey, windowMillis).map(n -> n > limits.anonymousPerWindow()));
        }
        return blocked.timeout(REDIS_TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("authentication throttle unavailable, letting the request pass: {}", e.toString());
                    return Mono.just(false);
                })
                .flatMap(b -> {
                    if (b) {
                        exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(retryAfter));
                        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED.code(), null,
                                "Too many failed or anonymous requests from here; retry after " + retryAfter + " s.");
                    }
                    // counted before the 401 is committed, so the client's next attempt already sees it
                    exchange.getResponse().beforeCommit(() -> {
                        if (exchange.getResponse().getStatusCode() != HttpStatus.UNAUTHORIZED) {
                            return Mono.empty();
                        }
                        Mono<Long> counted = count(addressKey, windowMillis);
                        if (accountKey != null) {
                            counted = counted.then(count(accountKey, windowMillis));
                        }
                        return counted.timeout(REDIS_TIMEOUT).onErrorResume(e -> Mono.empty()).then();
                    });
                    return chain.filter(exchange);
                });
    }

    private Mono<Long> count(String key, long windowMillis) {
        return redis.opsForValue().increment(key)
                .flatMap(n -> n == 1 ? redis.expire(key, Duration.ofMillis(windowMillis * 2)).thenReturn(n) : Mono.just(n));
    }

    private static boolean over(String count, int limit) {
        return count != null && Long.parseLong(count) >= limit;
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    /** The user a Basic credential names (hashed into the key, so no raw input reaches Redis keys). */
    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return Integer.toHexString(user.hashCode()) + Integer.toHexString(user.length());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.paycloud.gateway.edge;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * Slows down guessing: every 401 the gateway answers (its own, or the issuer's to a token request),
 * and every refusal of the issuer's browser sign-in form ({@link #signInRefused}), counts against the
 * client's address and, for a token request with Basic client authentication,
 * against the operator named; once a count reaches its {@link EdgeProperties.Throttle}
 * limit within a window, that address or account gets 429 {@code rate_limited} with
 * {@code Retry-After} until the window ends, whatever it sends. Requests without any credential are
 * limited per address too.
 * <p>
 * Counts live in Redis, shared by every gateway replica; the verdict is kept in memory, so an
 * authenticated request costs no Redis call at all. A replica learns of a block when it counts a
 * failure past the limit, so a guesser spread over n replicas gets at most n − 1 extra attempts. When
 * Redis cannot answer within 200 ms nothing is counted (a limiter outage must not become an outage)
 * and a warning is logged.
 */
@Component
class AuthThrottle implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(200);
    private static final int MAX_BLOCKED = 100_000;
    private static final String SIGN_IN = "/oauth2/sign-in";

    private final ReactiveStringRedisTemplate redis;
    private final EdgeProperties.Throttle limits;
    private final GatewayProblems problems;
    /** Blocked addresses ("a:…") and accounts ("u:…"), with the end of their window in epoch millis. */
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

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
        long windowEnd = (slot + 1) * windowMillis;
        String address = "a:" + address(exchange);
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String user = basicUser(authorization);
        String account = user == null ? null : "u:" + user;
        if (blocked(address, now) || (account != null && blocked(account, now))) {
            return refuse(exchange, windowEnd, now);
        }
        String window = windowMillis + ":" + slot;
        // counted before the 401 is committed, so the client's next attempt already meets the verdict
        exchange.getResponse().beforeCommit(() -> {
            if (exchange.getResponse().getStatusCode() != HttpStatus.UNAUTHORIZED && !signInRefused(exchange)) {
                return Mono.empty();
            }
            Mono<Void> counted = count(address, window, limits.failuresPerAddress(), windowEnd);
            if (account != null) {
                counted = counted.then(count(account, window, limits.failuresPerAccount(), windowEnd));
            }
            return counted;
        });
        if (authorization != null && !authorization.isBlank()) {
            return chain.filter(exchange);
        }
        return increment("paycloud:anonymous:" + address + ":" + window, windowMillis)
                .map(n -> n > limits.anonymousPerWindow())
                .timeout(REDIS_TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("anonymous request limit unavailable, letting the request pass: {}", e.toString());
                    return Mono.just(false);
                })
                .flatMap(over -> over ? refuse(exchange, windowEnd, now) : chain.filter(exchange));
    }

    /**
     * The issuer's sign-in form refusing a username, secret or one-time code: it answers a browser with
     * a redirect back to the form with {@code ?error}, not a 401, and counts against the address the same.
     */
    static boolean signInRefused(ServerWebExchange exchange) {
        if (exchange.getRequest().getMethod() != org.springframework.http.HttpMethod.POST
                || !SIGN_IN.equals(exchange.getRequest().getPath().pathWithinApplication().value())
                || exchange.getResponse().getStatusCode() == null || !exchange.getResponse().getStatusCode().is3xxRedirection()) {
            return false;
        }
        String location = exchange.getResponse().getHeaders().getFirst(HttpHeaders.LOCATION);
        return location != null && location.startsWith(SIGN_IN + "?error");
    }

    private boolean blocked(String who, long now) {
        Long until = blockedUntil.get(who);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            blockedUntil.remove(who, until);
            return false;
        }
        return true;
    }

    private Mono<Void> count(String who, String window, int limit, long windowEnd) {
        return increment("paycloud:authfail:" + who + ":" + window, limits.window().toMillis())
                .doOnNext(n -> {
                    if (n >= limit) {
                        if (blockedUntil.size() >= MAX_BLOCKED) {
                            long now = System.currentTimeMillis();
                            blockedUntil.values().removeIf(until -> until <= now);
                        }
                        blockedUntil.put(who, windowEnd);
                    }
                })
                .timeout(REDIS_TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("authentication throttle unavailable, a failure was not counted: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Long> increment(String key, long expireAfterMillis) {
        return redis.opsForValue().increment(key).flatMap(n -> n == 1
                ? redis.expire(key, Duration.ofMillis(expireAfterMillis * 2)).thenReturn(n)
                : Mono.just(n));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, long windowEnd, long now) {
        long retryAfter = Math.max(1, (windowEnd - now + 999) / 1000);
        exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(retryAfter));
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED.code(), null,
                "Too many failed or anonymous requests from here; retry after " + retryAfter + " s.");
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    /** The user a Basic credential names, hashed, so no raw input reaches Redis keys. */
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

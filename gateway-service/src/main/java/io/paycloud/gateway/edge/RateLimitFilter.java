package io.paycloud.gateway.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;

/**
 * Per-merchant rate limits: a token bucket per merchant in Redis, shared by every gateway replica.
 * Over the limit → 429 {@code rate_limited} with {@code Retry-After}. A gateway takes tokens from the
 * shared bucket in small leases (up to 50 ms of the merchant's rate, at most 20, one for slow limits)
 * and spends them locally, so a busy merchant costs one Redis script per lease instead of one per
 * request; a lease unspent after 50 ms is dropped, so the limit is never exceeded, at worst
 * under-used by one lease per replica. If Redis cannot answer within 200 ms the request passes: a
 * limiter outage must not become an outage.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final ReactiveStringRedisTemplate redis;
    private final EdgeProperties properties;
    private final GatewayProblems problems;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    RateLimitFilter(ReactiveStringRedisTemplate redis, EdgeProperties properties, GatewayProblems problems)
            throws IOException {
        this.redis = redis;
        this.properties = properties;
        this.problems = problems;
        // the text, not the resource: a resource-backed script checks the file's modification time on
        // every call, which inside a Boot jar is a nested-jar lookup per request
        this.script = RedisScript.of(new ClassPathResource("scripts/token_bucket.lua").getContentAsString(StandardCharsets.UTF_8),
                List.class);
    }

    @Override
    public int getOrder() {
        // after Spring Security's chain, which authenticated the merchant
        return EdgeSecurity.AFTER_SECURITY;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            String merchant = exchange.getAttribute(EdgeSecurity.MERCHANT_ATTRIBUTE);
            if (merchant == null) {
                return chain.filter(exchange);
            }
            Lease lease = leases.computeIfAbsent(merchant, m -> new Lease());
            if (lease.take()) {
                return chain.filter(exchange);
            }
            EdgeProperties.Limit limit = properties.limitFor(merchant);
            int wanted = leaseSize(limit);
            return redis.execute(script, List.of("paycloud:ratelimit:" + merchant),
                            List.of(String.valueOf(limit.ratePerSecond()), String.valueOf(limit.burst()),
                                    String.valueOf(System.currentTimeMillis()), String.valueOf(wanted)))
                    .next()
                    .timeout(Duration.ofMillis(200))
                    .map(r -> (List<Long>) r)
                    .onErrorResume(e -> {
                        log.warn("rate limiter unavailable, letting the request pass: {}", e.toString());
                        return Mono.just(List.of(1L, 0L));
                    })
                    .flatMap(r -> {
                        if (r.get(0) >= 1L) {
                            lease.refill(r.get(0).intValue() - 1);
                            return chain.filter(exchange);
                        }
                        long seconds = Math.max(1, (r.get(1) + 999) / 1000);
                        exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(seconds));
                        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED.code(), null,
                                "Too many requests; retry after " + seconds + " s.");
                    });
        });
    }

    /** Tokens worth 50 ms of the merchant's rate, between 1 and 20. */
    static int leaseSize(EdgeProperties.Limit limit) {
        return (int) Math.max(1, Math.min(20, limit.ratePerSecond() / 20L));
    }

    /** Tokens this gateway took from a merchant's shared bucket and has not spent yet. */
    static final class Lease {

        private static final long VALID_NANOS = 50_000_000L;

        private int tokens;
        private long until;

        synchronized boolean take() {
            if (tokens > 0 && System.nanoTime() - until < 0) {
                tokens--;
                return true;
            }
            return false;
        }

        synchronized void refill(int spare) {
            tokens = spare;
            until = System.nanoTime() + VALID_NANOS;
        }
    }
}

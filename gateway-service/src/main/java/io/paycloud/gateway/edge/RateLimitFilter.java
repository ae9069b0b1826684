package io.paycloud.gateway.edge;

import java.time.Duration;
import java.util.List;

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
 * Per-merchant rate limits: a token bucket per merchant in Redis (one atomic script per request),
 * shared by every gateway replica. Over the limit → 429 {@code rate_limited} with {@code Retry-After}.
 * If Redis cannot answer within 200 ms the request passes: a limiter outage must not become an outage.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final ReactiveStringRedisTemplate redis;
    private final EdgeProperties properties;
    private final GatewayProblems problems;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script = RedisScript.of(new ClassPathResource("scripts/token_bucket.lua"), List.class);

    RateLimitFilter(ReactiveStringRedisTemplate redis, EdgeProperties properties, GatewayProblems problems) {
        this.redis = redis;
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> {
            String merchant = exchange.getAttribute(EdgeAuthenticationFilter.MERCHANT_ATTRIBUTE);
            if (merchant == null) {
                return chain.filter(exchange);
            }
            EdgeProperties.Limit limit = properties.limitFor(merchant);
            return redis.execute(script, List.of("paycloud:ratelimit:" + merchant),
                            List.of(String.valueOf(limit.ratePerSecond()), String.valueOf(limit.burst()),
                                    String.valueOf(System.currentTimeMillis())))
                    .next()
                    .timeout(Duration.ofMillis(200))
                    .map(r -> (List<Long>) r)
                    .onErrorResume(e -> {
                        log.warn("rate limiter unavailable, letting the request pass: {}", e.toString());
                        return Mono.just(List.of(1L, 0L));
                    })
                    .flatMap(r -> {
                        if (r.get(0) == 1L) {
                            return chain.filter(exchange);
                        }
                        long seconds = Math.max(1, (r.get(1) + 999) / 1000);
                        exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(seconds));
                        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED.code(), null,
                                "Too many requests; retry after " + seconds + " s.");
                    });
        });
    }
}

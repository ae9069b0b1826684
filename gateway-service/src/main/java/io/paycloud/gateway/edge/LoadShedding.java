package io.paycloud.gateway.edge;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Backpressure at the edge: an adaptive limit on the requests each route has in flight (Netflix's
 * Gradient2 limit, which lowers the limit when a route's latency rises above its long-run level and
 * raises it while latency holds). A request over its route's limit is answered at once 503
 * {@code service_unavailable} with {@code Retry-After} and never reaches the service, so under overload
 * the requests that are accepted still finish in time, and a payment gets a real risk decision instead
 * of the review a late one falls back to. Latency of answered requests feeds the limit; an answer of
 * 502, 503 or 504 and an error count as drops, a client that went away as nothing.
 */
@Component
class LoadShedding implements GlobalFilter, Ordered {

    private final Settings settings;
    private final GatewayProblems problems;
    private final MeterRegistry meters;
    private final Map<String, RouteLimit> routes = new ConcurrentHashMap<>();

    LoadShedding(Settings settings, GatewayProblems problems, MeterRegistry meters) {
        this.settings = settings;
        this.problems = problems;
        this.meters = meters;
    }

    /**
     * @param enabled off only for measuring the platform without it
     * @param initialLimit a route's limit before any latency is known
     * @param minLimit the limit never falls below this
     * @param maxLimit nor rises above this (the routes' bulkhead is the hard bound behind it)
     * @param rttTolerance how far a route's latency may rise above its long-run level before the limit
     *        falls (2.0: twice as slow)
     * @param retryAfterSeconds the {@code Retry-After} of a shed request
     */
    @ConfigurationProperties("paycloud.edge.load-shedding")
    record Settings(Boolean enabled, int initialLimit, int minLimit, int maxLimit, double rttTolerance,
            int retryAfterSeconds) {

        Settings {
            enabled = enabled == null || enabled;
            minLimit = minLimit <= 0 ? 8 : minLimit;
            maxLimit = maxLimit <= 0 ? 512 : Math.max(maxLimit, minLimit);
            initialLimit = initialLimit <= 0 ? Math.min(64, maxLimit) : Math.max(minLimit, Math.min(initialLimit, maxLimit));
            rttTolerance = rttTolerance < 1.0 ? 2.0 : rttTolerance;
            retryAfterSeconds = retryAfterSeconds <= 0 ? 1 : retryAfterSeconds;
        }
    }

    @Override
    public int getOrder() {
        // before IdentityRelay (which signs a token per request) and every route filter (circuit breaker,
        // retry): a shed request costs neither the gateway's signing nor the services anything
        return IdentityRelay.ORDER - 50;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (!settings.enabled() || route == null) {
            return chain.filter(exchange);
        }
        RouteLimit limit = routes.computeIfAbsent(route.getId(), this::limitFor);
        Optional<Limiter.Listener> admitted = limit.limiter.acquire(null);
        if (admitted.isEmpty()) {
            limit.shed.increment();
            exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(settings.retryAfterSeconds()));
            return problems.write(exchange, ErrorCode.SERVICE_UNAVAILABLE,
                    "The service is busy; retry after " + settings.retryAfterSeconds() + " s with the same Idempotency-Key.");
        }
        Limiter.Listener listener = admitted.get();
        return chain.filter(exchange).doFinally(signal -> settle(listener, signal, exchange.getResponse().getStatusCode()));
    }

    /** What an admitted request tells its route's limit. */
    static void settle(Limiter.Listener listener, SignalType signal, HttpStatusCode status) {
        if (signal == SignalType.CANCEL) {
            listener.onIgnore();
        } else if (signal == SignalType.ON_ERROR || status == null || overloaded(status)) {
            listener.onDropped();
        } else {
            listener.onSuccess();
        }
    }

    private static boolean overloaded(HttpStatusCode status) {
        int code = status.value();
        return code == 502 || code == 503 || code == 504;
    }

    private RouteLimit limitFor(String routeId) {
        SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder()
                .named(routeId)
                .limit(Gradient2Limit.newBuilder()
                        .initialLimit(settings.initialLimit())
                        .minLimit(settings.minLimit())
                        .maxConcurrency(settings.maxLimit())
                        .rttTolerance(settings.rttTolerance())
                        .build())
                .build();
        meters.gauge("paycloud.gateway.concurrency.limit", Tags.of("route", routeId),
                limiter, SimpleLimiter::getLimit);
        meters.gauge("paycloud.gateway.concurrency.in-flight", Tags.of("route", routeId),
                limiter, SimpleLimiter::getInflight);
        Counter shed = Counter.builder("paycloud.gateway.shed").tag("route", routeId)
                .description("requests answered 503 at the edge because their route was at its concurrency limit")
                .register(meters);
        return new RouteLimit(limiter, shed);
    }

    private record RouteLimit(SimpleLimiter<Void> limiter, Counter shed) {
    }
}

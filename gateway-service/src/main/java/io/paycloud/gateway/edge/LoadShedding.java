package io.paycloud.gateway.edge;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limit.window.PercentileSampleWindowFactory;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Backpressure at the edge: a limit on the requests each route has in flight, tied to the route's
 * latency budget. Netflix's AIMD limit over windows of answered requests: while a window's 90th
 * percentile latency stays within the budget and the route uses at least half its limit, the limit
 * rises by one; a window over the budget, or with an answer of 502, 503 or 504, cuts it by a tenth. A
 * request over its route's limit is answered at once 503 {@code service_unavailable} with
 * {@code Retry-After} and never reaches the service. So under overload the requests that are accepted
 * still finish within the budget, by default payment-service's risk timeout (of which the risk call
 * inside a confirmation is only a part), and a payment gets a real risk decision instead of the review
 * a late one falls back to. (A limit that compares latency
 * with its own long-run level, such as Gradient2, follows a sustained overload upwards and stops
 * falling.) A client that went away counts as nothing.
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
     * @param latencyBudget the 90th percentile latency a route's answers should keep to
     * @param routeBudgets budgets of routes that differ from {@code latencyBudget}, by route id
     * @param retryAfterSeconds the shortest {@code Retry-After} of a shed request
     * @param retryAfterSpreadSeconds each shed request's {@code Retry-After} is drawn evenly from
     *        {@code retryAfterSeconds} to {@code retryAfterSeconds + retryAfterSpreadSeconds}, so that
     *        the clients shed in one burst do not all come back in the same second
     */
    @ConfigurationProperties("paycloud.edge.load-shedding")
    record Settings(Boolean enabled, int initialLimit, int minLimit, int maxLimit, Duration latencyBudget,
            Map<String, Duration> routeBudgets, int retryAfterSeconds, int retryAfterSpreadSeconds) {

        Settings {
            enabled = enabled == null || enabled;
            minLimit = minLimit <= 0 ? 8 : minLimit;
            maxLimit = maxLimit <= 0 ? 512 : Math.max(maxLimit, minLimit);
            initialLimit = initialLimit <= 0 ? Math.min(64, maxLimit) : Math.max(minLimit, Math.min(initialLimit, maxLimit));
            latencyBudget = latencyBudget == null || latencyBudget.isNegative() || latencyBudget.isZero() ? Duration.ofMillis(800) : latencyBudget;
            routeBudgets = routeBudgets == null ? Map.of() : Map.copyOf(routeBudgets);
            retryAfterSeconds = retryAfterSeconds <= 0 ? 1 : retryAfterSeconds;
            retryAfterSpreadSeconds = Math.max(0, retryAfterSpreadSeconds);
        }

        /** A shed request's {@code Retry-After}, in seconds. */
        int retryAfter(RandomGenerator random) {
            return retryAfterSeconds + random.nextInt(retryAfterSpreadSeconds + 1);
        }

        Duration budgetOf(String routeId) {
            return routeBudgets.getOrDefault(routeId, latencyBudget);
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
            int retryAfter = settings.retryAfter(ThreadLocalRandom.current());
            exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(retryAfter));
            return problems.write(exchange, ErrorCode.SERVICE_UNAVAILABLE,
                    "The service is busy; retry after " + retryAfter + " s with the same Idempotency-Key.");
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

    /**
     * The adaptive limit of one route: AIMD on the 90th percentile of each window of answers. A window
     * holds at least 10 answers and lasts as long as its fastest one, between 0.1 and 0.5 s, so a limit
     * of 64 falls to 8 in about ten seconds of answers over the budget.
     */
    static Limit limitOf(Settings settings, String routeId) {
        AIMDLimit aimd = AIMDLimit.newBuilder()
                .initialLimit(settings.initialLimit())
                .minLimit(settings.minLimit())
                .maxLimit(settings.maxLimit())
                .backoffRatio(0.9)
                .timeout(settings.budgetOf(routeId).toNanos(), TimeUnit.NANOSECONDS)
                .build();
        return WindowedLimit.newBuilder()
                .windowSize(10)
                .minWindowTime(100, TimeUnit.MILLISECONDS)
                .maxWindowTime(500, TimeUnit.MILLISECONDS)
                .sampleWindowFactory(PercentileSampleWindowFactory.of(0.9, 100))
                .build(aimd);
    }

    private RouteLimit limitFor(String routeId) {
        SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder()
                .named(routeId)
                .limit(limitOf(settings, routeId))
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

package io.paycloud.risk.velocity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.paycloud.risk.RiskProperties;

/**
 * Sliding-window counters in Redis: every window of one assessment is updated and read by one Lua
 * script call (one round trip), atomically, so concurrent payments each count. Calls go through
 * the {@code redis} circuit breaker; when Redis is down, slow or the breaker is open the answer is
 * empty and the caller treats the counters as unknown.
 */
@Component
public class VelocityCounters {

    private static final Logger log = LoggerFactory.getLogger(VelocityCounters.class);

    /** A window to count in: the rule and scope value it belongs to, its length, whether to sum amounts. */
    public record Window(String ruleId, String scope, String scopeValue, long windowMillis, boolean sum) {
    }

    /** Count and summed amount within a window, the current payment included. */
    public record Totals(long count, long sum) {
    }

    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final String prefix;
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script;

    VelocityCounters(StringRedisTemplate redis, CircuitBreakerRegistry breakers, RiskProperties properties) {
        this.redis = redis;
        this.breaker = breakers.circuitBreaker("redis");
        this.prefix = properties.redisKeyPrefix();
        // the text, not the resource: a resource-backed script checks the file's modification time on
        // every call, which inside a Boot jar is a nested-jar lookup per assessment
        this.script = RedisScript.of(text("redis/velocity.lua"), List.class);
    }

    /**
     * Connects to Redis and loads the script before the service reports ready, so the first
     * assessments do not pay for the connection (and, with the short command timeout, answer review).
     */
    @EventListener(ApplicationReadyEvent.class)
    void connect() {
        try {
            redis.execute(script, List.of(), "0", "warm-up");
        } catch (RuntimeException e) {
            log.warn("Redis does not answer at startup; velocity rules answer review until it does: {}", e.toString());
        }
    }

    /**
     * Records the payment ({@code member} names it: recording the same member again moves it rather
     * than adding one; {@code amount} in minor units) in each window at {@code nowMillis} and
     * answers the totals in the order of {@code windows}, or empty when the counters cannot be reached.
     */
    public Optional<List<Totals>> record(List<Window> windows, String member, long amount, long nowMillis) {
        if (windows.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> keys = new ArrayList<>(windows.size());
        Object[] args = new Object[2 + 2 * windows.size()];
        args[0] = Long.toString(nowMillis);
        args[1] = member + ':' + amount;
        int i = 2;
        for (Window w : windows) {
            keys.add(prefix + "vel:" + w.ruleId() + ':' + w.scope() + ':' + w.scopeValue());
            args[i++] = Long.toString(w.windowMillis());
            args[i++] = w.sum() ? "1" : "0";
        }
        try {
            List<?> reply = breaker.executeSupplier(() -> redis.execute(script, keys, args));
            List<Totals> totals = new ArrayList<>(windows.size());
            for (int k = 0; k < windows.size(); k++) {
                totals.add(new Totals(((Number) reply.get(2 * k)).longValue(), ((Number) reply.get(2 * k + 1)).longValue()));
            }
            return Optional.of(totals);
        } catch (CallNotPermittedException e) {
            log.debug("Velocity counters skipped: the redis circuit breaker is open");
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Velocity counters unavailable: {}", e.toString());
            return Optional.empty();
        }
    }

    private static String text(String classpathResource) {
        try {
            return new ClassPathResource(classpathResource).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathResource, e);
        }
    }
}

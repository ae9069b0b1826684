package io.paycloud.payment.support;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.common.client.ServiceUnavailableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link RemoteCalls} built by hand, for tests of the HTTP clients without a Spring context: breakers and
 * retries configured as application.yml configures them (a refusal never counts against the breaker,
 * three attempts for an idempotent call), only with shorter waits.
 */
public final class TestRemoteCalls {

    private TestRemoteCalls() {
    }

    public static RemoteCalls likeProduction() {
        return new RemoteCalls(breakers(), RetryRegistry.of(RetryConfig.custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(10))
                .retryExceptions(OutcomeUnknownException.class, ServiceUnavailableException.class).build()),
                JsonMapper.builder().build());
    }

    public static CircuitBreakerRegistry breakers() {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(20)
                .minimumNumberOfCalls(5).failureRateThreshold(50)
                .recordExceptions(OutcomeUnknownException.class, ServiceUnavailableException.class)
                .ignoreExceptions(RemoteProblem.class).build());
    }
}

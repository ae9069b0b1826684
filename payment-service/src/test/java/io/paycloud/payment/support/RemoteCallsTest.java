package io.paycloud.payment.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.ServiceUnavailableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a retried call is classified when its attempts fail in different ways. The payment and refund flows
 * act on the class: "unavailable" means nothing moved and the work may be undone, "unknown" leaves it to
 * the janitor. An attempt that may have acted must never be hidden by a later attempt that was not sent.
 */
class RemoteCallsTest {

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final RemoteCalls calls = new RemoteCalls(breakers, RetryRegistry.of(RetryConfig.custom()
            .maxAttempts(3).waitDuration(Duration.ofMillis(1))
            .retryExceptions(OutcomeUnknownException.class, ServiceUnavailableException.class).build()),
            JsonMapper.builder().build());

    @Test
    void aTimeoutFollowedByRefusedConnectionsStaysUnknown() {
        Supplier<String> call = attempts(timedOut(), refused(), refused());
        assertThatThrownBy(() -> calls.idempotent("account-service", call)).isInstanceOf(OutcomeUnknownException.class);
    }

    @Test
    void aTimeoutFollowedByAnOpenBreakerStaysUnknown() {
        AtomicInteger n = new AtomicInteger();
        Supplier<String> call = () -> {
            if (n.incrementAndGet() == 1) {
                breakers.circuitBreaker("account-service").transitionToForcedOpenState();
                throw timedOut();
            }
            throw new AssertionError("not sent while the breaker is open");
        };
        assertThatThrownBy(() -> calls.idempotent("account-service", call)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(n).hasValue(1);
    }

    @Test
    void onlyRefusedConnectionsMeanNothingWasDone() {
        Supplier<String> call = attempts(refused(), refused(), refused());
        assertThatThrownBy(() -> calls.idempotent("account-service", call)).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void anAnswerCutOffWhileItsBodyIsReadIsUnknown() {
        Supplier<String> call = () -> {
            throw new org.springframework.web.client.RestClientException("Error while extracting response",
                    new java.io.IOException("closed"));
        };
        assertThatThrownBy(() -> calls.once("risk-service", call)).isInstanceOf(OutcomeUnknownException.class);
    }

    @Test
    void aLaterAnswerWins() {
        assertThat(calls.idempotent("account-service", attempts(timedOut(), refused(), null))).isEqualTo("ok");
    }

    /** A call failing with the given exceptions in turn; a null entry answers "ok". */
    private static Supplier<String> attempts(RuntimeException... outcomes) {
        List<RuntimeException> list = java.util.Arrays.asList(outcomes);
        AtomicInteger n = new AtomicInteger();
        return () -> {
            RuntimeException e = list.get(n.getAndIncrement());
            if (e == null) {
                return "ok";
            }
            throw e;
        };
    }

    private static ResourceAccessException timedOut() {
        return new ResourceAccessException("read timed out", new SocketTimeoutException("Read timed out"));
    }

    private static ResourceAccessException refused() {
        return new ResourceAccessException("refused", new ConnectException("Connection refused"));
    }
}

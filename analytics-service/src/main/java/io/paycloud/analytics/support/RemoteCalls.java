package io.paycloud.analytics.support;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Runs a read from another service inside that service's circuit breaker. analytics-service only
 * reads, so every failure means the same to it: try again later. All of them surface as
 * {@link ServiceUnavailableException}; the breaker counts them, and once open it answers at once
 * instead of waiting on timeouts.
 */
@Component
public class RemoteCalls {

    private final CircuitBreakerRegistry breakers;

    public RemoteCalls(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    public <T> T read(String service, Supplier<T> call) {
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        try {
            return breaker.executeSupplier(() -> classify(service, call));
        } catch (CallNotPermittedException e) {
            throw new ServiceUnavailableException(service, "circuit breaker open");
        }
    }

    private static <T> T classify(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientResponseException e) {
            throw new ServiceUnavailableException(service, "answered " + e.getStatusCode().value());
        } catch (RestClientException e) {
            throw new ServiceUnavailableException(service, e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            // the load balancer found no instance: nothing was sent
            if (e.getMessage() != null && e.getMessage().contains("No instances available")) {
                throw new ServiceUnavailableException(service, "no instance registered");
            }
            throw e;
        }
    }
}

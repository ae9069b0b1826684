package io.paycloud.common.client;

import java.net.ConnectException;
import java.util.function.Supplier;

import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a call to another service inside that service's circuit breaker (named by the service; and, for
 * idempotent calls, its retry), and sorts every failure into one of three kinds a caller can act on:
 * <ul>
 *   <li>{@link ServiceUnavailableException}: the call surely did nothing (breaker open, connection refused,
 *       no instance registered, a 503 from the service itself);</li>
 *   <li>{@link RemoteProblem}: the other service answered a 4xx problem; nothing was written there;</li>
 *   <li>{@link OutcomeUnknownException}: a timeout, another 5xx or an answer cut off; the call may have acted.</li>
 * </ul>
 * Which of these a breaker counts is the service's {@code resilience4j.circuitbreaker} configuration.
 */
public class RemoteCalls {

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final JsonMapper json;

    public RemoteCalls(CircuitBreakerRegistry breakers, RetryRegistry retries, JsonMapper json) {
        this.breakers = breakers;
        this.retries = retries;
        this.json = json;
    }

    /**
     * A call that may be repeated safely (reads, ledger transfers with deterministic ids). When an attempt's
     * outcome was unknown, the call stays unknown even if a later attempt surely did nothing (the breaker
     * opened, or the connection was refused): the earlier attempt may still have acted.
     */
    public <T> T idempotent(String service, Supplier<T> call) {
        Retry retry = retries.retry(service);
        OutcomeUnknownException[] unknown = new OutcomeUnknownException[1];
        try {
            return Retry.decorateSupplier(retry, () -> {
                try {
                    return once(service, call);
                } catch (OutcomeUnknownException e) {
                    unknown[0] = e;
                    throw e;
                }
            }).get();
        } catch (ServiceUnavailableException e) {
            if (unknown[0] != null) {
                throw new OutcomeUnknownException(service + ": an earlier attempt may have acted ("
                        + unknown[0].getMessage() + "), the last was not sent", e);
            }
            throw e;
        }
    }

    /** A call that must not be repeated (a risk assessment counts towards velocity). */
    public <T> T once(String service, Supplier<T> call) {
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        try {
            return breaker.executeSupplier(() -> classify(service, call));
        } catch (CallNotPermittedException e) {
            throw new ServiceUnavailableException(service, "circuit breaker open");
        }
    }

    /**
     * A read whose every failure means the same to the caller, try again later: any of the three kinds
     * surfaces as {@link ServiceUnavailableException} (the breaker has counted it as configured).
     */
    public <T> T read(String service, Supplier<T> call) {
        try {
            return once(service, call);
        } catch (OutcomeUnknownException e) {
            throw new ServiceUnavailableException(service, e.getMessage());
        } catch (RemoteProblem e) {
            throw new ServiceUnavailableException(service, "answered " + e.status());
        }
    }

    private <T> T classify(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpClientErrorException e) {
            JsonNode problem = parse(e.getResponseBodyAsString());
            throw new RemoteProblem(e.getStatusCode().value(), text(problem, "code"), text(problem, "param"),
                    text(problem, "detail"));
        } catch (HttpServerErrorException e) {
            if (e.getStatusCode().value() == 503) {
                // the service itself says it did not act (e.g. shutting down, or its own dependency is down)
                throw new ServiceUnavailableException(service, "it answered 503");
            }
            throw new OutcomeUnknownException(service + " answered " + e.getStatusCode().value(), e);
        } catch (ResourceAccessException e) {
            if (refused(e)) {
                throw new ServiceUnavailableException(service, "connection refused");
            }
            throw new OutcomeUnknownException(service + " did not answer in time", e);
        } catch (RestClientException e) {
            // the answer was cut off while its body was read: the other side may have acted
            throw new OutcomeUnknownException(service + " answer could not be read", e);
        } catch (IllegalStateException e) {
            // the load balancer found no instance: nothing was sent
            if (e.getMessage() != null && e.getMessage().contains("No instances available")) {
                throw new ServiceUnavailableException(service, "no instance registered");
            }
            throw e;
        }
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        return node.get(field).asString();
    }
}

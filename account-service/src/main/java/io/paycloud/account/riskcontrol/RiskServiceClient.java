package io.paycloud.account.riskcontrol;


import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.paycloud.common.client.ServiceClients;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * risk-service's {@code POST /internal/approved-actions}, found through Eureka, inside the
 * {@code risk-service} circuit breaker and its connect and read timeouts. risk-service carries out an
 * approval once per approval id, so sending one again after an unclear answer is safe.
 */
@Component
class RiskServiceClient {

    static final String SERVICE = "risk-service";

    /** What risk-service is asked to carry out. */
    record ApprovedActionRequest(String approval, String action, String object, JsonNode request, String maker,
            String checker) {
    }

    private final RestClient client;
    private final CircuitBreaker breaker;
    private final JsonMapper json;

    RiskServiceClient(ServiceClients clients, CircuitBreakerRegistry breakers,
            JsonMapper json) {
        this.client = clients.to(SERVICE);
        this.breaker = breakers.circuitBreaker(SERVICE);
        this.json = json;
    }

    /** Carries out the approved action; answers risk-service's {@code result}. */
    JsonNode execute(ApprovedActionRequest request) {
        try {
            JsonNode answer = breaker.executeSupplier(() -> call(request));
            return answer == null ? null : answer.get("result");
        } catch (CallNotPermittedException e) {
            throw new RiskServiceUnavailable("its circuit breaker is open");
        }
    }

    private JsonNode call(ApprovedActionRequest request) {
        try {
            return client.post().uri("/internal/approved-actions").contentType(MediaType.APPLICATION_JSON).body(request)
                    .retrieve().body(JsonNode.class);
        } catch (HttpClientErrorException e) {
            int status = e.getStatusCode().value();
            if (status == 401 || status == 403) {
                // our own identity was not accepted there: a deployment fault, not the request's
                throw new RiskServiceUnavailable("it refused account-service's identity (" + status + ")");
            }
            throw refused(status, e.getResponseBodyAsString());
        } catch (RestClientException e) {
            // a timeout, a refused connection, a 5xx, an answer cut off: risk-service may or may not have
            // acted; it records the approval id with the change, so approving again finishes the job once
            throw new RiskServiceUnavailable(e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("No instances available")) {
                throw new RiskServiceUnavailable("no instance is registered");
            }
            throw e;
        }
    }

    /**
     * risk-service looked at the action and will not carry it out (the rule or entry is gone, the stored
     * request no longer holds): the checker learns why, and the approval stays pending for them to reject.
     */
    private ApiException refused(int status, String body) {
        JsonNode problem = parse(body);
        String code = problem == null || !problem.hasNonNull("code") ? String.valueOf(status) : problem.get("code").asString();
        String detail = problem == null || !problem.hasNonNull("detail") ? "" : " " + problem.get("detail").asString();
        return new ApiException(ErrorCode.STATE_INVALID, null, "risk-service refused the approved action (" + code + ")."
                + detail + " The approval stays pending: reject it, or approve it again once that is resolved.");
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

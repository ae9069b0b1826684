package io.paycloud.risk.approval;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.caller.Ops;
import io.paycloud.common.client.ServiceClients;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.OperatorRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * account-service's {@code POST /internal/approvals}, found through Eureka, inside the
 * {@code account-service} circuit breaker and its connect and read timeouts.
 */
@Component
class AccountServiceApprovals implements ApprovalRequests {

    static final String SERVICE = "account-service";

    /** The body account-service takes (its {@code InternalApprovalController}). */
    record ApprovalRequest(String action, String object, JsonNode request, String maker, List<String> makerRoles,
            String idempotencyKey) {
    }

    private final RestClient client;
    private final CircuitBreaker breaker;
    private final JsonMapper json;

    AccountServiceApprovals(ServiceClients clients,
            CircuitBreakerRegistry breakers, JsonMapper json) {
        this.client = clients.to(SERVICE);
        this.breaker = breakers.circuitBreaker(SERVICE);
        this.json = json;
    }

    @Override
    public JsonNode request(RiskControlAction action, String object, Object request, Ops maker, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.invalid("Idempotency-Key", "Idempotency-Key is 1 to " + MAX_IDEMPOTENCY_KEY + " characters.");
        }
        ApprovalRequest body = new ApprovalRequest(action.wire(), object, json.valueToTree(request), maker.user(),
                OperatorRole.wire(maker.roles()), idempotencyKey);
        try {
            return breaker.executeSupplier(() -> call(body));
        } catch (CallNotPermittedException e) {
            throw new AccountServiceUnavailable("its circuit breaker is open");
        }
    }

    private JsonNode call(ApprovalRequest body) {
        JsonNode answer;
        try {
            answer = client.post().uri("/internal/approvals").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                    .body(JsonNode.class);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().value() == 400) {
                // the request itself was refused there (a username too long to store): the operator's to fix
                throw relayed(e.getResponseBodyAsString());
            }
            // our identity refused, the endpoint missing: a deployment fault, and nothing was stored
            throw new AccountServiceUnavailable("it answered " + e.getStatusCode().value());
        } catch (RestClientException e) {
            throw new AccountServiceUnavailable(e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("No instances available")) {
                throw new AccountServiceUnavailable("no instance is registered");
            }
            throw e;
        }
        if (answer == null || !answer.path("approval").path("id").isString()) {
            throw new AccountServiceUnavailable("its answer named no approval");
        }
        return answer;
    }

    private ApiException relayed(String body) {
        JsonNode problem;
        try {
            problem = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (RuntimeException e) {
            problem = null;
        }
        if (problem == null) {
            return new ApiException(ErrorCode.PARAMETER_INVALID, null, "account-service refused the request for approval.");
        }
        return new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST,
                problem.path("code").asString(ErrorCode.PARAMETER_INVALID.code()),
                problem.hasNonNull("param") ? problem.get("param").asString() : null,
                problem.path("detail").asString("account-service refused the request for approval."));
    }
}

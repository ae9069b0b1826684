package io.paycloud.gateway;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.paycloud.common.error.ErrorCode;

/**
 * Where a route's circuit breaker sends a call that failed, timed out or was refused because the
 * breaker is open: a 503 problem naming the service, so clients can retry with their idempotency key.
 */
@RestController
class FallbackController {

    private final GatewayProblems problems;

    FallbackController(GatewayProblems problems) {
        this.problems = problems;
    }

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        ErrorCode code = ErrorCode.SERVICE_UNAVAILABLE;
        ProblemDetail problem = problems.problem(exchange, code.status(), code.code(), null,
                "The " + service + " is unavailable right now; retry the request with the same Idempotency-Key.");
        return ResponseEntity.status(code.status())
                .header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

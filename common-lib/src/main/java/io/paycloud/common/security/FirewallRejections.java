package io.paycloud.common.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.error.Problems;
import io.paycloud.common.web.RequestIds;

/**
 * The strict firewall's refusal when it comes late: a form-encoded POST to a JSON endpoint is read as
 * parameters inside the controller's argument resolution, and a parameter name the firewall does not
 * allow (a control character) throws there, past the filter chain's {@link ProblemSecurityHandlers}.
 * It is the client's malformed request: a 400 problem, never the generic 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FirewallRejections {

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e, HttpServletRequest request) {
        ErrorCode code = ErrorCode.PARAMETER_INVALID;
        ProblemDetail problem = Problems.of(code, null, "The request's parameters are not acceptable; send the body as application/json.",
                (String) request.getAttribute(RequestIds.ATTRIBUTE));
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

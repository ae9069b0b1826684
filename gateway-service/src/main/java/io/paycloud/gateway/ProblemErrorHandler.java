package io.paycloud.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;

import io.paycloud.common.error.ErrorCode;
import reactor.core.publisher.Mono;

/** Every error the gateway itself raises leaves as problem+json, never Boot's default error JSON. */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    private final GatewayProblems problems;

    ProblemErrorHandler(GatewayProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
            // the client went away mid-request: nobody to answer, nothing wrong with the gateway
            log.debug("Client disconnected during {} {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), error.toString());
            return Mono.empty();
        }
        if (error instanceof NotFoundException) {
            return problems.write(exchange, ErrorCode.SERVICE_UNAVAILABLE, "No instance of the service is available.");
        }
        if (error instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            ErrorCode code = codeFor(status);
            String detail = status.value() == 404 ? "Unrecognized request URL." : rse.getReason() != null
                    ? rse.getReason() : code.title() + ".";
            return problems.write(exchange, status, code.code(), null, detail);
        }
        log.error("Unhandled gateway error on {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), error);
        return problems.write(exchange, ErrorCode.INTERNAL_ERROR, "An internal error occurred.");
    }

    private static ErrorCode codeFor(HttpStatusCode status) {
        HttpStatus s = HttpStatus.resolve(status.value());
        if (s == null) {
            return ErrorCode.INTERNAL_ERROR;
        }
        return switch (s) {
            case NOT_FOUND -> ErrorCode.RESOURCE_MISSING;
            case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
            case CONTENT_TOO_LARGE -> ErrorCode.BODY_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case UNAUTHORIZED -> ErrorCode.UNAUTHENTICATED;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
            case TOO_MANY_REQUESTS -> ErrorCode.RATE_LIMITED;
            case SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT, BAD_GATEWAY -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> s.is4xxClientError() ? ErrorCode.PARAMETER_INVALID : ErrorCode.INTERNAL_ERROR;
        };
    }
}

package io.paycloud.gateway;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.error.Problems;
import io.paycloud.common.web.RequestIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes the problem+json answers the gateway produces itself (fallbacks, auth, limits). */
@Component
public class GatewayProblems {

    private final JsonMapper json;

    GatewayProblems(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
        return write(exchange, code.status(), code.code(), null, detail);
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String param, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        ProblemDetail problem = problem(exchange, status, code, param, detail);
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        if (status.is4xxClientError() && hasBody(exchange)) {
            // refused before its body was read: the connection is not reused, or the unread bytes (or a client
            // still sending them) would meet the next request on it
            response.getHeaders().set(org.springframework.http.HttpHeaders.CONNECTION, "close");
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static boolean hasBody(ServerWebExchange exchange) {
        org.springframework.http.HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(org.springframework.http.HttpHeaders.TRANSFER_ENCODING);
    }

    ProblemDetail problem(ServerWebExchange exchange, HttpStatusCode status, String code, String param, String detail) {
        Object requestId = exchange.getAttribute(RequestIds.ATTRIBUTE);
        ProblemDetail problem = Problems.of(status, code, param, detail, requestId == null ? null : requestId.toString());
        problem.setInstance(null);
        return problem;
    }
}

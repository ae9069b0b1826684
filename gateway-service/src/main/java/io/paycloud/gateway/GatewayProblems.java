package io.paycloud.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

    /** The largest refused body read to its end rather than answered on a closing connection. */
    static final long DRAIN_LIMIT = 64 * 1024;
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(5);

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
        if (!status.is4xxClientError() || !hasBody(exchange)) {
            return answer(response, status, body, false);
        }
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared <= 0 || declared > DRAIN_LIMIT || status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return answer(response, status, body, true);
        }
        // A request refused before its body was read: a small body is read to its end and dropped first,
        // so the answer ends a whole request and the connection stays usable. Answering and closing with
        // the client's bytes still arriving makes its kernel reset the connection, which can swallow the
        // answer itself. A body that cannot be read (read already, or too slow) still gets the answer,
        // on a connection that is then closed.
        return exchange.getRequest().getBody()
                .doOnNext(DataBufferUtils::release)
                .then()
                .timeout(DRAIN_PATIENCE)
                .then(Mono.defer(() -> answer(response, status, body, false)))
                .onErrorResume(e -> response.isCommitted() ? Mono.empty() : answer(response, status, body, true));
    }

    private static Mono<Void> answer(ServerHttpResponse response, HttpStatusCode status, byte[] body, boolean close) {
        response.setStatusCode(status);
        if (close) {
            // the unread bytes (or a client still sending them) would otherwise meet the next request on it
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static boolean hasBody(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    ProblemDetail problem(ServerWebExchange exchange, HttpStatusCode status, String code, String param, String detail) {
        Object requestId = exchange.getAttribute(RequestIds.ATTRIBUTE);
        ProblemDetail problem = Problems.of(status, code, param, detail, requestId == null ? null : requestId.toString());
        problem.setInstance(null);
        return problem;
    }
}

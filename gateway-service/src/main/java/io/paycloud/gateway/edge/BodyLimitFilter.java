package io.paycloud.gateway.edge;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request bodies over {@link EdgeProperties#maxBodyBytes()} are refused with 413 before they reach
 * a service: at once when Content-Length says so, or as soon as a chunked body grows past it.
 */
@Component
class BodyLimitFilter implements WebFilter, Ordered {

    private final EdgeProperties properties;
    private final GatewayProblems problems;

    BodyLimitFilter(EdgeProperties properties, GatewayProblems problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long max = properties.maxBodyBytes();
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > max) {
            return problems.write(exchange, ErrorCode.BODY_TOO_LARGE, "The request body is larger than " + max + " bytes.");
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().doOnNext(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > max) {
                        throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }
}

package io.paycloud.gateway;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.paycloud.common.web.RequestIds;
import reactor.core.publisher.Mono;

/**
 * Gives every exchange a {@code Request-Id} (the caller's when sane, else a new one), sends it
 * downstream and answers with it, including on errors and fallbacks the gateway writes itself.
 * It is a {@link WebFilter} rather than a route filter so that unrouted requests carry it too.
 */
@Component
class RequestIdGlobalFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(h -> h.set(RequestIds.HEADER, id))
                .build();
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(request).build())
                .contextWrite(ctx -> ctx.put(RequestIds.MDC_KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

}

package io.paycloud.gateway.edge;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.identity.TokenMinter;
import io.paycloud.common.web.RequestIds;
import io.paycloud.gateway.GatewayProblems;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operator request lands in the audit trail (account-service), twice: once before it is passed
 * on ({@code outcome: requested}), and once with its answer's status. The first is required: when the
 * trail cannot record it the request is refused with 503 and nothing is done, so no operator action
 * goes unrecorded. The second is written before the answer is sent; if it fails, the action has
 * already happened, so the failure is logged and counted ({@code paycloud.audit.report.failures})
 * instead. The request body goes with the entry when it is JSON (account-service masks secret fields).
 */
@Component
class OperatorAudit implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(OperatorAudit.class);
    /** The id-like segment of a path: a prefixed id, or an operator's username after /v1/operators/. */
    private static final Pattern ID = Pattern.compile("[a-z]{2,5}_[0-9A-Za-z]{6,}");
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    record Entry(String actor, List<String> actorRoles, String action, String object, String requestBody, String outcome,
            String requestId, String clientAddress, Instant occurredAt) {
    }

    private final WebClient client;
    private final TokenMinter tokens;
    private final GatewayProblems problems;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Counter failures;

    OperatorAudit(ServiceWebClients services, TokenMinter tokens, GatewayProblems problems,
            MeterRegistry meters) {
        this.client = services.to("account-service").build();
        this.tokens = tokens;
        this.problems = problems;
        this.failures = Counter.builder("paycloud.audit.report.failures")
                .description("Operator requests whose outcome could not be added to the audit trail").register(meters);
    }

    @Override
    public int getOrder() {
        // after IdentityRelay (the client's credentials are gone by then), before the route's own filters
        return Ordered.HIGHEST_PRECEDENCE + 110;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(Authentication.class::cast)
                .filter(caller -> caller.getAuthorities().stream().anyMatch(a -> OperatorTokens.OPERATOR.equals(a.getAuthority())))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(operator -> operator.isEmpty() ? chain.filter(exchange) : audited(exchange, chain, operator.get()));
    }

    private Mono<Void> audited(ServerWebExchange exchange, GatewayFilterChain chain, Authentication operator) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE) {
            return recorded(exchange, chain, operator, null);
        }
        return ServerWebExchangeUtils.cacheRequestBody(exchange, request -> {
            DataBuffer cached = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
            String body = cached == null ? null : cached.toString(StandardCharsets.UTF_8);
            return recorded(exchange.mutate().request(request).build(), chain, operator, json(body));
        });
    }

    private Mono<Void> recorded(ServerWebExchange exchange, GatewayFilterChain chain, Authentication operator, String body) {
        String path = exchange.getRequest().getPath().value();
        String action = exchange.getRequest().getMethod().name() + " " + path;
        List<String> roles = OperatorRole.wire(OperatorTokens.rolesOf(operator.getAuthorities()));
        String requestId = exchange.getAttribute(RequestIds.ATTRIBUTE);
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        String object = object(path);
        Entry requested = new Entry(operator.getName(), roles, action, object, body, "requested", requestId, address, Instant.now());
        exchange.getResponse().beforeCommit(() -> {
            String status = exchange.getResponse().getStatusCode() == null ? "unknown"
                    : String.valueOf(exchange.getResponse().getStatusCode().value());
            return report(new Entry(operator.getName(), roles, action, object, body, status, requestId, address, Instant.now()))
                    .onErrorResume(e -> {
                        failures.increment();
                        log.error("The outcome {} of {} by {} (request {}) could not be added to the audit trail: {}", status,
                                action, operator.getName(), requestId, e.toString());
                        return Mono.empty();
                    });
        });
        return report(requested)
                .then(Mono.just(true))
                .onErrorResume(e -> {
                    log.error("The audit trail could not record {} by {} (request {}); refused: {}", action, operator.getName(),
                            requestId, e.toString());
                    return Mono.just(false);
                })
                .flatMap(ok -> ok ? chain.filter(exchange) : problems.write(exchange, ErrorCode.SERVICE_UNAVAILABLE,
                        "The audit trail cannot record this action right now, so nothing was done; retry shortly."));
    }

    private Mono<Void> report(Entry entry) {
        return client.post().uri("/internal/audit-events")
                .headers(h -> h.setBearerAuth(tokens.forService(PlatformServices.ACCOUNT)))
                .bodyValue(entry)
                .retrieve()
                .toBodilessEntity()
                .timeout(TIMEOUT)
                .then();
    }

    /** The JSON body as text, or null when there is none or it is not JSON (the trail stores JSON only). */
    private String json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            json.readTree(body);
            return body;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The object an operator request acts on: the last id in its path, or the operator it names. */
    static String object(String path) {
        String[] segments = path.split("/");
        if (segments.length > 3 && segments[2].equals("operators")) {
            return segments[3];
        }
        for (int i = segments.length - 1; i >= 0; i--) {
            if (ID.matcher(segments[i]).matches()) {
                return segments[i];
            }
        }
        return null;
    }
}

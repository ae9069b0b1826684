package io.paycloud.gateway.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.identity.TokenMinter;

/**
 * Resolves a secret key to its merchant through account-service and remembers the answer for
 * {@link EdgeProperties#keyCacheTtl()}. Keys are cached by their SHA-256, never in clear; unknown keys
 * are remembered briefly too, so a flood of bad keys does not become a flood on account-service.
 */
@Component
class ApiKeyResolver {

    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
    private static final int MAX_ENTRIES = 100_000;

    private final WebClient client;
    private final EdgeProperties properties;
    private final TokenMinter tokens;
    private final CircuitBreaker breaker;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(Optional<String> merchantId, Instant until) {
    }

    record Resolved(String merchantId) {
    }

    private record ResolveRequest(String secretKey) {
    }

    ApiKeyResolver(ServiceWebClients services, EdgeProperties properties,
            TokenMinter tokens, CircuitBreakerRegistry breakers) {
        this.client = services.to("account-service").build();
        this.properties = properties;
        this.tokens = tokens;
        this.breaker = breakers.circuitBreaker("account-service-keys");
    }

    /** The merchant of a key; empty when the key is unknown, expired or revoked. Errors mean "could not tell". */
    Mono<Optional<String>> resolve(String secretKey) {
        String hash = sha256(secretKey);
        Entry cached = cache.get(hash);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return Mono.just(cached.merchantId());
        }
        return client.post().uri("/internal/api-keys/resolve")
                .headers(h -> h.setBearerAuth(tokens.forService(PlatformServices.ACCOUNT)))
                .bodyValue(new ResolveRequest(secretKey))
                .retrieve()
                .bodyToMono(Resolved.class)
                .map(r -> Optional.of(r.merchantId()))
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.NOT_FOUND
                        ? Mono.just(Optional.empty()) : Mono.error(e))
                .timeout(Duration.ofSeconds(2))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .doOnNext(found -> remember(hash, found));
    }

    private void remember(String hash, Optional<String> merchantId) {
        if (cache.size() > MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(hash, new Entry(merchantId, Instant.now().plus(merchantId.isPresent()
                ? properties.keyCacheTtl() : NEGATIVE_TTL)));
    }

    private static String sha256(String value) {
        return Hashes.sha256Hex(value);
    }
}

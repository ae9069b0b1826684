package io.paycloud.gateway.edge;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.IdentityTokens;
import io.paycloud.common.identity.TokenIssuer;

/**
 * The gateway's two signing keys: the gateway key vouches for merchants and ops on {@code /v1/}
 * calls; the service key signs the gateway's own internal calls (resolving API keys).
 */
@Component
class ServiceTokens {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final TokenIssuer callers;
    private final TokenIssuer service;

    ServiceTokens(@Value("${paycloud.identity.gateway-private-key}") String gatewayKey,
            @Value("${paycloud.identity.service-private-key}") String serviceKey) {
        this.callers = new TokenIssuer(IdentityTokens.privateKey(gatewayKey), TTL, Clock.systemUTC());
        this.service = new TokenIssuer(IdentityTokens.privateKey(serviceKey), TTL, Clock.systemUTC());
    }

    String forCaller(String subject, Identity.Role role) {
        return callers.tokenFor(subject, role);
    }

    String current() {
        return service.tokenFor("gateway-service", Identity.Role.SERVICE);
    }
}

package io.paycloud.gateway.edge;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.IdentityTokens;

/**
 * The gateway's two signing keys: the gateway key vouches for merchants and ops on {@code /v1/}
 * calls; the service key signs the gateway's own internal calls (resolving API keys).
 */
@Component
class ServiceTokens {

    private final PrivateKey gatewayKey;
    private final PrivateKey serviceKey;
    private final Duration ttl = Duration.ofSeconds(60);
    private volatile String serviceToken;
    private volatile Instant renewAt = Instant.MIN;

    ServiceTokens(@Value("${paycloud.identity.gateway-private-key}") String gatewayKey,
            @Value("${paycloud.identity.service-private-key}") String serviceKey) {
        this.gatewayKey = IdentityTokens.privateKey(gatewayKey);
        this.serviceKey = IdentityTokens.privateKey(serviceKey);
    }

    String forCaller(String subject, Identity.Role role) {
        return IdentityTokens.issue(subject, role, ttl, gatewayKey, Clock.systemUTC());
    }

    String current() {
        Instant now = Instant.now();
        if (serviceToken == null || now.isAfter(renewAt)) {
            serviceToken = IdentityTokens.issue("gateway-service", Identity.Role.SERVICE, ttl, serviceKey, Clock.systemUTC());
            renewAt = now.plus(ttl.dividedBy(2));
        }
        return serviceToken;
    }
}

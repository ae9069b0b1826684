package io.paycloud.common.identity;

import java.io.IOException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs every outbound call of a service with the service's own identity, renewing the token well
 * before it expires so that signing costs nothing per call.
 */
public class ServiceIdentityPropagation implements ClientHttpRequestInterceptor {

    private final String serviceName;
    private final PrivateKey key;
    private final Duration ttl;
    private final Clock clock;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    public ServiceIdentityPropagation(String serviceName, PrivateKey key, Duration ttl, Clock clock) {
        this.serviceName = serviceName;
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!request.getHeaders().containsHeader(IdentityTokens.HEADER)) {
            request.getHeaders().set(IdentityTokens.HEADER, current());
        }
        return execution.execute(request, body);
    }

    String current() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(renewAt)) {
            token = IdentityTokens.issue(serviceName, Identity.Role.SERVICE, ttl, key, clock);
            renewAt = now.plus(ttl.dividedBy(2));
        }
        return token;
    }
}

package io.paycloud.common.identity;

import java.io.IOException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;

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
    private final TokenIssuer issuer;

    public ServiceIdentityPropagation(String serviceName, PrivateKey key, Duration ttl, Clock clock) {
        this.serviceName = serviceName;
        this.issuer = new TokenIssuer(key, ttl, clock);
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
        return issuer.tokenFor(serviceName, Identity.Role.SERVICE);
    }
}

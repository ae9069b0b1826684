package io.paycloud.common.identity;

import java.io.IOException;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs a service's calls to another platform service with its own identity, meant for that service
 * only ({@code aud} = the Eureka name the call is addressed to). It runs before the load balancer
 * rewrites the address, and signs nothing addressed elsewhere, so no token ever leaves the platform.
 */
public final class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    private final TokenMinter minter;
    private final Set<String> services;

    public ServiceTokenInterceptor(TokenMinter minter, Set<String> services) {
        this.minter = minter;
        this.services = services;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String host = request.getURI().getHost();
        if (host != null && services.contains(host) && !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            request.getHeaders().setBearerAuth(minter.forService(host));
        }
        return execution.execute(request, body);
    }
}

package io.paycloud.common.web;

import java.io.IOException;

import org.slf4j.MDC;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Carries the current request id onto every outbound call made with a {@code RestClient}. */
public class RequestIdPropagation implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String id = MDC.get(RequestIds.MDC_KEY);
        if (id != null && !request.getHeaders().containsHeader(RequestIds.HEADER)) {
            request.getHeaders().set(RequestIds.HEADER, id);
        }
        return execution.execute(request, body);
    }
}

package io.paycloud.payment.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The HTTP side of a delivery. Apache HttpClient rather than the JDK's, because it lets the guard own
 * the lookup: the client resolves a host only through {@link UrlGuard#addresses} and connects to the
 * addresses that came back, so what was checked is what is reached, and a DNS answering differently a
 * moment later (rebinding) is never asked. Redirects are not followed (a 3xx is a failed attempt, not a
 * way to an unchecked host); no proxy from the environment, no cookies, no retries of its own (the
 * dispatcher's schedule retries).
 */
@Component
class WebhookHttp implements AutoCloseable {

    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-deadline");
        t.setDaemon(true);
        return t;
    });
    private final long requestTimeoutMs;

    WebhookHttp(UrlGuard guard, WebhookProperties properties) {
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.addresses(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // asked only for Kerberos/SPNEGO, which deliveries never use
            }
        };
        Timeout connect = Timeout.of(properties.connectTimeout());
        this.requestTimeoutMs = properties.requestTimeout().toMillis();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(Timeout.of(properties.requestTimeout()))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
    }

    /**
     * POSTs the JSON {@code body} with {@code headers} and answers the response's status code.
     *
     * @throws UrlGuard.RefusedHost when the host resolves to an address deliveries may not reach
     * @throws IOException when the endpoint cannot be reached or does not answer in time
     */
    int post(String url, Map<String, String> headers, String body) throws IOException {
        HttpPost request = new HttpPost(url);
        headers.forEach(request::setHeader);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        // one deadline for the whole attempt: read timeouts alone let an endpoint that answers a byte at a
        // time hold the dispatcher as long as it likes
        ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, requestTimeoutMs, TimeUnit.MILLISECONDS);
        try {
            return client.execute(request, HttpResponse::getCode);
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}

package io.paycloud.analytics.feed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.ServiceClients;

/** Reads payment-service's {@code GET /internal/events} through Eureka, inside the payment-service breaker. */
@Component
class PaymentFeedClient {

    static final String SERVICE = "payment-service";

    private final RestClient client;
    private final RemoteCalls calls;

    @Autowired
    PaymentFeedClient(ServiceClients clients, RemoteCalls calls) {
        this(clients.to(SERVICE), calls);
    }

    PaymentFeedClient(RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    FeedPage fetch(long after, int limit) {
        return calls.read(SERVICE, () -> client.get()
                .uri(u -> u.path("/internal/events").queryParam("after", after).queryParam("limit", limit).build())
                .retrieve().body(FeedPage.class));
    }
}

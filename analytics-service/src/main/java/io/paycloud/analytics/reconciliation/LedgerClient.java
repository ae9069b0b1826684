package io.paycloud.analytics.reconciliation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.ServiceClients;

/**
 * Reads the ledger's transfers of a time range from account-service, page by page:
 * {@code GET /internal/transfers?from=<instant>&to=<instant>&after=<sequence>&limit=<n>} answering
 * {@code {data: [transfer], hasMore}} in sequence order, {@code from} inclusive and {@code to} exclusive
 * on the transfer's {@code createdAt}.
 */
@Component
class LedgerClient {

    static final String SERVICE = "account-service";
    static final int PAGE = 1000;
    /** A day of a busy platform is far below this; past it the answer would be too large to hold anyway. */
    static final int MAX_PAGES = 2000;

    private final RestClient client;
    private final RemoteCalls calls;

    @Autowired
    LedgerClient(ServiceClients clients, RemoteCalls calls) {
        this(clients.to(SERVICE), calls);
    }

    LedgerClient(RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    record Page(List<LedgerTransfer> data, boolean hasMore) {
    }

    List<LedgerTransfer> transfers(Instant from, Instant to) {
        List<LedgerTransfer> all = new ArrayList<>();
        long after = 0;
        for (int i = 0; i < MAX_PAGES; i++) {
            long a = after;
            Page page = calls.read(SERVICE, () -> client.get()
                    .uri(u -> u.path("/internal/transfers").queryParam("from", from.toString())
                            .queryParam("to", to.toString()).queryParam("after", a).queryParam("limit", PAGE).build())
                    .retrieve().body(Page.class));
            if (page == null || page.data() == null || page.data().isEmpty()) {
                return all;
            }
            all.addAll(page.data());
            LedgerTransfer last = page.data().get(page.data().size() - 1);
            if (!page.hasMore() || last.sequence() == null) {
                return all;
            }
            after = last.sequence();
        }
        throw new IllegalStateException("More than " + MAX_PAGES + " pages of transfers between " + from + " and " + to);
    }
}

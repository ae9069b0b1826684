package io.paycloud.payment.account;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.ServiceClients;
import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.common.client.RemoteProblem;

@Component
class HttpAccountDirectory implements AccountDirectory {

    private static final String SERVICE = "account-service";
    private static final long MERCHANT_TTL_NANOS = 60_000_000_000L;
    private static final int MERCHANTS_KEPT = 10_000;
    private static final long CUSTOMER_TTL_NANOS = 600_000_000_000L;
    private static final int CUSTOMERS_KEPT = 100_000;
    /** The real-name level a customer never leaves (the API verifies, and nothing unverifies). */
    private static final String TERMINAL_KYC_LEVEL = "verified";

    private final RestClient client;
    private final RemoteCalls calls;
    /** System accounts never change once created, so they are read once per currency. */
    private final Map<String, String> feeAccounts = new ConcurrentHashMap<>();
    /**
     * A merchant's accounts and fee do not change after it is made (the API has no call that changes
     * them); kept a minute so a payment costs no round trip for them.
     */
    private final Map<String, Cached<MerchantInfo>> merchants = new ConcurrentHashMap<>();

    /**
     * Customers whose record can no longer change: a customer's merchant, wallet, currency and email are
     * fixed when it is made, and its real-name level only ever moves from none to verified. A verified
     * customer is kept ten minutes; one not yet verified is asked for on every payment, so a payment right
     * after its verification is assessed as verified. That read is also what makes a payment answer 503
     * at once, with nothing stored, while account-service is down (ChaosIT's fail-fast check): without
     * it the first contact would be the ledger step, whose lost answer leaves the payment processing.
     */
    private final Map<String, Cached<CustomerInfo>> customers = new ConcurrentHashMap<>();

    /** A kept answer and the {@link System#nanoTime()} until which it is used. */
    private record Cached<T>(T info, long until) {
    }

    @Autowired
    HttpAccountDirectory(ServiceClients clients, RemoteCalls calls) {
        this(clients.to(SERVICE), calls);
    }

    HttpAccountDirectory(RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    @Override
    public Optional<CustomerInfo> customer(String merchantId, String customerId) {
        long now = System.nanoTime();
        Cached<CustomerInfo> cached = customers.get(customerId);
        if (cached != null && now - cached.until() < 0) {
            return Optional.of(cached.info()).filter(found -> merchantId.equals(found.merchantId()));
        }
        try {
            CustomerInfo c = read(() -> client.get()
                    .uri("/internal/customers/{id}", customerId).retrieve().body(CustomerInfo.class));
            if (c != null && customerId.equals(c.id()) && TERMINAL_KYC_LEVEL.equals(c.kycLevel())) {
                if (customers.size() >= CUSTOMERS_KEPT) {
                    customers.clear();
                }
                customers.put(customerId, new Cached<>(c, now + CUSTOMER_TTL_NANOS));
            }
            return Optional.ofNullable(c).filter(found -> merchantId.equals(found.merchantId()));
        } catch (RemoteProblem e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public MerchantInfo merchant(String merchantId) {
        long now = System.nanoTime();
        Cached<MerchantInfo> cached = merchants.get(merchantId);
        if (cached != null && now - cached.until() < 0) {
            return cached.info();
        }
        MerchantInfo info = read(() -> client.get()
                .uri("/internal/merchants/{id}", merchantId).retrieve().body(MerchantInfo.class));
        if (merchants.size() >= MERCHANTS_KEPT) {
            merchants.clear();
        }
        merchants.put(merchantId, new Cached<>(info, now + MERCHANT_TTL_NANOS));
        return info;
    }

    @Override
    public String feeAccount(String currency) {
        String cached = feeAccounts.get(currency);
        if (cached != null) {
            return cached;
        }
        Map<String, Map<String, String>> all = read(() -> client.get()
                .uri("/internal/system-accounts").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Map<String, String>>>() {
                }));
        all.forEach((cur, byType) -> {
            if (byType.get("fees") != null) {
                feeAccounts.put(cur, byType.get("fees"));
            }
        });
        String id = feeAccounts.get(currency);
        if (id == null) {
            throw new IllegalStateException("account-service has no fees account for " + currency);
        }
        return id;
    }

    /**
     * A read: it changes nothing, so an answer that did not come (a timeout, a 5xx, an exhausted pool
     * over there) means only that account-service is unavailable: 503, never "outcome unknown" (a 500).
     */
    private <T> T read(java.util.function.Supplier<T> call) {
        try {
            return calls.idempotent(SERVICE, call);
        } catch (OutcomeUnknownException e) {
            throw new ServiceUnavailableException(SERVICE, e.getMessage());
        }
    }
}

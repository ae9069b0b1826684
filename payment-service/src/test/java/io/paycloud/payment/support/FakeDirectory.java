package io.paycloud.payment.support;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.paycloud.common.client.RemoteProblem;
import io.paycloud.payment.account.AccountDirectory;

/**
 * account-service's directory double, held to {@code AccountDirectoryContract}: a test registers the
 * merchants, customers and fees accounts account-service would have.
 */
public class FakeDirectory implements AccountDirectory {

    private final Map<String, CustomerInfo> customers = new ConcurrentHashMap<>();
    private final Map<String, MerchantInfo> merchants = new ConcurrentHashMap<>();
    private final Map<String, String> fees = new ConcurrentHashMap<>();

    public void merchant(MerchantInfo m) {
        merchants.put(m.id(), m);
    }

    public void customer(CustomerInfo c) {
        customers.put(c.id(), c);
    }

    public void feeAccount(String currency, String account) {
        fees.put(currency, account);
    }

    @Override
    public Optional<CustomerInfo> customer(String merchantId, String customerId) {
        return Optional.ofNullable(customers.get(customerId)).filter(c -> c.merchantId().equals(merchantId));
    }

    /** An unknown merchant is account-service's 404, as {@code HttpAccountDirectory} passes it on. */
    @Override
    public MerchantInfo merchant(String merchantId) {
        MerchantInfo m = merchants.get(merchantId);
        if (m == null) {
            throw new RemoteProblem(404, "resource_missing", "id", "No such merchant: '" + merchantId + "'.");
        }
        return m;
    }

    /** A currency without a fees account is an error, as in {@code HttpAccountDirectory}. */
    @Override
    public String feeAccount(String currency) {
        String id = fees.get(currency);
        if (id == null) {
            throw new IllegalStateException("account-service has no fees account for " + currency);
        }
        return id;
    }
}

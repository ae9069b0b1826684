package io.paycloud.payment.support;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.paycloud.payment.account.AccountDirectory;

/** account-service's directory double. */
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

    @Override
    public MerchantInfo merchant(String merchantId) {
        return merchants.get(merchantId);
    }

    @Override
    public String feeAccount(String currency) {
        return fees.get(currency);
    }
}

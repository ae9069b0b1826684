package io.paycloud.payment.account;

import java.util.Map;
import java.util.Optional;

/** What payment-service needs to know of merchants and customers, owned by account-service. */
public interface AccountDirectory {

    /** payment-service's copy of a customer: its wallet and real-name level. */
    record CustomerInfo(String id, String merchantId, String accountId, String currency, String kycLevel,
            String email) {
    }

    /** payment-service's copy of a merchant: its fee and its account per currency. */
    record MerchantInfo(String id, int feeBps, Map<String, String> accounts) {
    }

    /** The customer when it exists and belongs to {@code merchantId}. */
    Optional<CustomerInfo> customer(String merchantId, String customerId);

    MerchantInfo merchant(String merchantId);

    /** The platform's fee account in a currency. */
    String feeAccount(String currency);
}

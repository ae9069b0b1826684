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

    /**
     * The customer when it exists and belongs to {@code merchantId}. The answer may be a kept copy: a
     * customer's merchant, wallet, currency and email never change, and its real-name level only moves
     * from none to verified, so a copy is never looser than account-service (see {@link #currentCustomer}).
     */
    Optional<CustomerInfo> customer(String merchantId, String customerId);

    /** The customer as account-service has it now, never a kept copy (which this answer then replaces). */
    Optional<CustomerInfo> currentCustomer(String merchantId, String customerId);

    MerchantInfo merchant(String merchantId);

    /** The platform's fee account in a currency. */
    String feeAccount(String currency);
}

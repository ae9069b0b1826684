package io.paycloud.payment.account;

import java.util.LinkedHashMap;
import java.util.Map;

import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.paycloud.payment.support.FakeDirectory;

/** The double the payment tests run on, held to the directory's contract. */
class FakeDirectoryContractTest extends AccountDirectoryContract {

    private final FakeDirectory directory = new FakeDirectory();

    FakeDirectoryContractTest() {
        // as account-service's migration opens them: a fees account per supported currency
        Currencies.codes().forEach(c -> directory.feeAccount(c, Ids.newId("acc")));
    }

    @Override
    protected AccountDirectory directory() {
        return directory;
    }

    @Override
    protected NewMerchant merchant(int feeBps) {
        // as account-service makes a merchant: an account in every supported currency
        Map<String, String> accounts = new LinkedHashMap<>();
        Currencies.codes().forEach(c -> accounts.put(c, Ids.newId("acc")));
        NewMerchant m = new NewMerchant(Ids.newId("mer"), feeBps, accounts);
        directory.merchant(new AccountDirectory.MerchantInfo(m.id(), feeBps, accounts));
        return m;
    }

    @Override
    protected NewCustomer customer(String merchantId, String currency, String email) {
        NewCustomer c = new NewCustomer(Ids.newId("cus"), Ids.newId("acc"));
        directory.customer(new AccountDirectory.CustomerInfo(c.id(), merchantId, c.accountId(), currency, "none", email));
        return c;
    }
}

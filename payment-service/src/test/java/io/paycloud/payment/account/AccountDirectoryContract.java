package io.paycloud.payment.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.paycloud.payment.account.AccountDirectory.CustomerInfo;
import io.paycloud.payment.account.AccountDirectory.MerchantInfo;
import io.paycloud.common.client.RemoteProblem;

/**
 * What payment-service reads from account-service's directory, as one suite: {@code FakeDirectoryContractTest}
 * runs it against the double the payment tests use, {@code AccountServiceDirectoryContractIT} against
 * account-service itself through {@link HttpAccountDirectory}. Merchants and customers are made the way
 * the platform makes them (ops make a merchant, a merchant its customers).
 */
public abstract class AccountDirectoryContract {

    /** A merchant as account-service answers its creation. */
    protected record NewMerchant(String id, int feeBps, Map<String, String> accounts) {
    }

    /** A customer as account-service answers its creation: its id and its wallet. */
    protected record NewCustomer(String id, String accountId) {
    }

    protected abstract AccountDirectory directory();

    protected abstract NewMerchant merchant(int feeBps);

    /** A customer of {@code merchantId} with a wallet in {@code currency}; {@code email} may be null. */
    protected abstract NewCustomer customer(String merchantId, String currency, String email);

    // ---------------------------------------------------------------- customers

    @Test
    void aCustomerIsFoundForItsMerchantWithItsWalletAndRealNameLevel() {
        NewMerchant m = merchant(60);
        NewCustomer withEmail = customer(m.id(), "CNY", "ann@example.com");
        NewCustomer without = customer(m.id(), "USD", null);

        assertThat(directory().customer(m.id(), withEmail.id()))
                .contains(new CustomerInfo(withEmail.id(), m.id(), withEmail.accountId(), "CNY", "none", "ann@example.com"));
        assertThat(directory().customer(m.id(), without.id()))
                .contains(new CustomerInfo(without.id(), m.id(), without.accountId(), "USD", "none", null));
    }

    @Test
    void anotherMerchantsCustomerIsNotFound() {
        NewMerchant owner = merchant(60);
        NewMerchant other = merchant(60);
        NewCustomer c = customer(owner.id(), "CNY", null);

        assertThat(directory().customer(other.id(), c.id())).isEmpty();
        assertThat(directory().customer(owner.id(), c.id())).isPresent();
    }

    @Test
    void anUnknownCustomerIsNotFound() {
        NewMerchant m = merchant(60);
        assertThat(directory().customer(m.id(), Ids.newId("cus"))).isEmpty();
    }

    // ---------------------------------------------------------------- merchants and fees

    @Test
    void aMerchantIsReadWithItsFeeAndAnAccountInEverySupportedCurrency() {
        NewMerchant m = merchant(125);

        MerchantInfo info = directory().merchant(m.id());

        assertThat(info).isEqualTo(new MerchantInfo(m.id(), 125, m.accounts()));
        assertThat(info.accounts()).containsOnlyKeys(Currencies.codes());
        assertThat(new HashSet<>(info.accounts().values())).as("one account per currency").hasSize(Currencies.codes().size());
        assertThat(directory().merchant(merchant(0).id()).feeBps()).isZero();
    }

    @Test
    void anUnknownMerchantIsAResourceMissingProblem() {
        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, () -> directory().merchant(Ids.newId("mer")));
        assertThat(e).as("a RemoteProblem, never null").isNotNull();
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.code()).isEqualTo("resource_missing");
    }

    @Test
    void everySupportedCurrencyHasItsOwnFeesAccountAndNoMerchantHoldsIt() {
        NewMerchant m = merchant(60);
        Set<String> fees = new HashSet<>();
        for (String currency : Currencies.codes()) {
            String account = directory().feeAccount(currency);
            assertThat(account).as(currency).startsWith("acc_");
            assertThat(directory().feeAccount(currency)).as("the same each time").isEqualTo(account);
            fees.add(account);
        }
        assertThat(fees).hasSize(Currencies.codes().size()).doesNotContainAnyElementsOf(m.accounts().values());
    }

    @Test
    void aCurrencyWithoutAFeesAccountIsAnErrorNotNull() {
        assertThatThrownBy(() -> directory().feeAccount("XXX")).isInstanceOf(IllegalStateException.class);
    }
}

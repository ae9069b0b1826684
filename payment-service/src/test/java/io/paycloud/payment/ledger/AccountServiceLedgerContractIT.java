package io.paycloud.payment.ledger;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.paycloud.common.identity.PlatformServices;
import io.paycloud.payment.support.ServiceJar;
import io.paycloud.payment.support.TestRemoteCalls;
import tools.jackson.databind.JsonNode;

/**
 * The ledger contract against account-service itself: its packaged jar started as a process
 * ({@link ServiceJar}), called over HTTP by the {@link HttpLedgerClient} payment-service runs in
 * production, with a service identity of its own. Accounts are opened the way the platform opens them:
 * a merchant by ops, a customer wallet by its merchant, money in by an ops deposit. Runs on the MariaDB
 * named by {@code PAYCLOUD_TEST_DB_URL} (profile {@code mysql}, a fresh database), else on H2 files
 * (profile {@code embedded}). Without the jar it fails; it never skips.
 */
class AccountServiceLedgerContractIT extends LedgerContract {

    private static ServiceJar accounts;
    private static LedgerClient ledger;
    private static String merchantId;

    @BeforeAll
    static void startAccountService() throws Exception {
        // holds of a second run out while the test watches
        accounts = ServiceJar.start("account-service", "ledger_contract_accounts",
                List.of("--paycloud.ledger.expiry-interval=200ms"), Map.of());
        ledger = new HttpLedgerClient(accounts.client(PlatformServices.PAYMENT), TestRemoteCalls.likeProduction());
        merchantId = createMerchant().path("id").asString();
    }

    @AfterAll
    static void stopAccountService() {
        if (accounts != null) {
            accounts.close();
        }
    }

    @Override
    protected LedgerClient ledger() {
        return ledger;
    }

    @Override
    protected String wallet(String currency, long balance) {
        JsonNode customer = accounts.call("POST", "/v1/customers", accounts.merchantToken(merchantId),
                "{\"name\":\"Contract customer\",\"currency\":\"" + currency + "\"}", 201);
        String wallet = customer.path("accountId").asString();
        accounts.call("POST", "/v1/accounts/" + wallet + "/deposits", accounts.opsToken(),
                "{\"amount\":" + balance + ",\"currency\":\"" + currency + "\"}", 201);
        return wallet;
    }

    @Override
    protected String merchantAccount(String currency) {
        return createMerchant().path("accounts").path(currency).asString();
    }

    @Override
    protected Balance balance(String accountId) {
        JsonNode a = accounts.call("GET", "/internal/accounts/" + accountId, accounts.serviceToken(PlatformServices.PAYMENT),
                null, 200);
        return new Balance(a.path("debitsPending").asLong(), a.path("debitsPosted").asLong(),
                a.path("creditsPending").asLong(), a.path("creditsPosted").asLong());
    }

    private static JsonNode createMerchant() {
        return accounts.call("POST", "/v1/merchants", accounts.opsToken(), "{\"name\":\"Contract merchant\",\"feeBps\":0}", 201);
    }
}

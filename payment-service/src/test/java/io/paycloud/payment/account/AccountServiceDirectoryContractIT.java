package io.paycloud.payment.account;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.paycloud.common.identity.PlatformServices;
import io.paycloud.payment.support.ServiceJar;
import io.paycloud.payment.support.TestRemoteCalls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The directory contract against account-service itself: its packaged jar started as a process
 * ({@link ServiceJar}), read by the {@link HttpAccountDirectory} payment-service runs in production, signed
 * as payment-service. Merchants are made by ops, customers by their merchant, through account-service's
 * API. Without the jar it fails; it never skips.
 */
class AccountServiceDirectoryContractIT extends AccountDirectoryContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServiceJar accounts;
    private static AccountDirectory directory;

    @BeforeAll
    static void startAccountService() throws Exception {
        accounts = ServiceJar.start("account-service", "directory_contract_accounts", List.of(), Map.of());
        directory = new HttpAccountDirectory(accounts.client(PlatformServices.PAYMENT), TestRemoteCalls.likeProduction());
    }

    @AfterAll
    static void stopAccountService() {
        if (accounts != null) {
            accounts.close();
        }
    }

    @Override
    protected AccountDirectory directory() {
        return directory;
    }

    @Override
    protected NewMerchant merchant(int feeBps) {
        JsonNode m = accounts.call("POST", "/v1/merchants", accounts.opsToken(),
                "{\"name\":\"Directory merchant\",\"feeBps\":" + feeBps + "}", 201);
        return new NewMerchant(m.path("id").asString(), m.path("feeBps").asInt(),
                JSON.convertValue(m.path("accounts"), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class)));
    }

    @Override
    protected NewCustomer customer(String merchantId, String currency, String email) {
        String body = JSON.writeValueAsString(email == null ? Map.of("name", "Directory customer", "currency", currency)
                : Map.of("name", "Directory customer", "currency", currency, "email", email));
        JsonNode c = accounts.call("POST", "/v1/customers", accounts.merchantToken(merchantId), body, 201);
        return new NewCustomer(c.path("id").asString(), c.path("accountId").asString());
    }
}

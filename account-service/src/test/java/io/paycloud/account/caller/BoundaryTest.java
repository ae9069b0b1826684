package io.paycloud.account.caller;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.paycloud.common.testsupport.BoundaryCheck;
import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * Every request mapping of account-service, on its real ports, in every spelling, with every kind of
 * credential: only the callers this table names get past Spring Security (BoundaryCheck).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BoundaryTest {

    static final Set<String> MERCHANT = Set.of("merchant");
    static final Set<String> OPS = Set.of("ops");
    static final Set<String> PAYMENT = Set.of("service:payment-service");

    /** The intended access, written independently of SecurityConfiguration. */
    static final Map<String, Set<String>> TABLE = Map.ofEntries(
            Map.entry("POST /v1/merchants", OPS),
            Map.entry("GET /v1/merchants/{id}", OPS),
            Map.entry("POST /v1/merchants/{id}/keys", OPS),
            Map.entry("POST /v1/accounts/{id}/deposits", OPS),
            Map.entry("POST /v1/customers", MERCHANT),
            Map.entry("GET /v1/customers/{id}", MERCHANT),
            Map.entry("POST /v1/customers/{id}/verification", MERCHANT),
            Map.entry("GET /v1/accounts/{id}", MERCHANT),
            Map.entry("GET /v1/accounts/{id}/transfers", MERCHANT),
            Map.entry("POST /internal/api-keys/resolve", Set.of("service:gateway-service")),
            Map.entry("POST /internal/transfers", PAYMENT),
            Map.entry("POST /internal/transfers/batch", PAYMENT),
            Map.entry("GET /internal/transfers/{id}", PAYMENT),
            Map.entry("GET /internal/accounts/{id}", PAYMENT),
            Map.entry("GET /internal/system-accounts", PAYMENT),
            Map.entry("GET /internal/customers/{id}", PAYMENT),
            Map.entry("GET /internal/merchants/{id}", PAYMENT),
            Map.entry("GET /internal/transfers", Set.of("service:analytics-service")),
            Map.entry("GET /internal/audit", Set.of("service:analytics-service")),
            Map.entry("GET /v1/audit-events", OPS),
            Map.entry("GET /v1/audit-events.csv", OPS),
            Map.entry("POST /internal/audit-events", Set.of("service:gateway-service")),
            Map.entry("GET /v3/api-docs", BoundaryCheck.PUBLIC),
            Map.entry("GET /v3/api-docs.yaml", BoundaryCheck.NOBODY));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "accounts");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ApplicationContext context;

    @Test
    void onlyTheTablesCallersGetThroughInAnySpelling() {
        BoundaryCheck.assertHolds("account-service", context, port, managementPort, TABLE);
    }
}

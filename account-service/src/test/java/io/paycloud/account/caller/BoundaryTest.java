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

import io.paycloud.common.identity.OperatorRole;
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
    static final Set<String> ADMIN = BoundaryCheck.operators(OperatorRole.ADMIN);
    static final Set<String> ANY_OPERATOR = BoundaryCheck.anyOperator();
    static final Set<String> PAYMENT = Set.of("service:payment-service");

    /** The intended access, written independently of SecurityConfiguration. */
    static final Map<String, Set<String>> TABLE = Map.ofEntries(
            Map.entry("POST /v1/merchants", ADMIN),
            Map.entry("GET /v1/merchants/{id}", BoundaryCheck.operators(OperatorRole.ADMIN, OperatorRole.SUPPORT)),
            Map.entry("POST /v1/merchants/{id}/keys", ADMIN),
            Map.entry("POST /v1/accounts/{id}/deposits", BoundaryCheck.operators(OperatorRole.TREASURY)),
            Map.entry("POST /v1/accounts/{id}/adjustments", BoundaryCheck.operators(OperatorRole.TREASURY)),
            Map.entry("POST /v1/operators", ADMIN),
            Map.entry("GET /v1/operators", ADMIN),
            Map.entry("GET /v1/operators/{username}", ADMIN),
            Map.entry("POST /v1/operators/{username}/roles", ADMIN),
            Map.entry("DELETE /v1/operators/{username}/roles/{role}", ADMIN),
            Map.entry("POST /v1/operators/{username}/disable", ADMIN),
            Map.entry("POST /v1/operators/{username}/secret", ANY_OPERATOR),
            Map.entry("POST /v1/operators/{username}/second-factor", ANY_OPERATOR),
            Map.entry("DELETE /v1/operators/{username}/second-factor", ADMIN),
            Map.entry("GET /v1/approvals", ANY_OPERATOR),
            Map.entry("GET /v1/approvals/{id}", ANY_OPERATOR),
            Map.entry("POST /v1/approvals/{id}/approve", ANY_OPERATOR),
            Map.entry("POST /v1/approvals/{id}/reject", ANY_OPERATOR),
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
            Map.entry("GET /v1/audit-events", ADMIN),
            Map.entry("GET /v1/audit-events.csv", ADMIN),
            Map.entry("POST /internal/audit-events", Set.of("service:gateway-service")),
            Map.entry("POST /internal/approvals", Set.of("service:risk-service")),
            // the issuer's sign-in form for a browser (the form's POST is Spring Security's, not a mapping)
            Map.entry("GET /oauth2/sign-in", BoundaryCheck.PUBLIC),
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

package io.paycloud.risk.access;

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
 * Every request mapping of risk-service, on its real ports, in every spelling, with every kind of
 * credential: only the callers this table names get past Spring Security (BoundaryCheck).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BoundaryTest {

    static final Set<String> RISK = BoundaryCheck.operators(OperatorRole.RISK);
    static final Set<String> PAYMENT = Set.of("service:payment-service");

    /** The intended access, written independently of SecurityConfiguration. */
    static final Map<String, Set<String>> TABLE = Map.ofEntries(
            Map.entry("GET /v1/risk/rules", RISK),
            Map.entry("POST /v1/risk/rules", RISK),
            Map.entry("GET /v1/risk/rules/{id}", RISK),
            Map.entry("PUT /v1/risk/rules/{id}", RISK),
            Map.entry("DELETE /v1/risk/rules/{id}", RISK),
            Map.entry("GET /v1/risk/blocklist", RISK),
            Map.entry("POST /v1/risk/blocklist", RISK),
            Map.entry("DELETE /v1/risk/blocklist/{id}", RISK),
            Map.entry("GET /v1/risk/assessments/{id}", BoundaryCheck.operators(OperatorRole.RISK, OperatorRole.SUPPORT)),
            Map.entry("POST /internal/assessments", PAYMENT),
            Map.entry("POST /internal/outcomes", PAYMENT),
            Map.entry("POST /internal/outcomes/batch", PAYMENT),
            Map.entry("POST /internal/approved-actions", Set.of("service:account-service")),
            Map.entry("GET /v3/api-docs", BoundaryCheck.PUBLIC),
            Map.entry("GET /v3/api-docs.yaml", BoundaryCheck.NOBODY));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "risk");
        registry.add("risk.redis-key-prefix", () -> "risk-boundary-" + java.util.UUID.randomUUID() + ":");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ApplicationContext context;

    @Test
    void onlyTheTablesCallersGetThroughInAnySpelling() {
        BoundaryCheck.assertHolds("risk-service", context, port, managementPort, TABLE);
    }
}

package io.paycloud.payment;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.BoundaryCheck;
import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * Every request mapping of payment-service, on its real ports, in every spelling, with every kind of
 * credential: only the callers this table names get past Spring Security (BoundaryCheck).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(PaymentTestSupport.Doubles.class)
class BoundaryTest {

    static final Set<String> MERCHANT = Set.of("merchant");

    /** The intended access, written independently of SecurityConfiguration. */
    static final Map<String, Set<String>> TABLE = Map.ofEntries(
            Map.entry("POST /v1/payments", MERCHANT),
            Map.entry("GET /v1/payments", MERCHANT),
            Map.entry("GET /v1/payments/{id}", MERCHANT),
            Map.entry("POST /v1/payments/{id}/confirm", MERCHANT),
            Map.entry("POST /v1/payments/{id}/capture", MERCHANT),
            Map.entry("POST /v1/payments/{id}/cancel", MERCHANT),
            Map.entry("POST /v1/payments/{id}/review", BoundaryCheck.operators(OperatorRole.RISK)),
            Map.entry("POST /v1/refunds", MERCHANT),
            Map.entry("GET /v1/refunds", MERCHANT),
            Map.entry("GET /v1/refunds/{id}", MERCHANT),
            Map.entry("GET /v1/events", MERCHANT),
            Map.entry("POST /v1/webhook-endpoints", MERCHANT),
            Map.entry("GET /v1/webhook-endpoints", MERCHANT),
            Map.entry("DELETE /v1/webhook-endpoints/{id}", MERCHANT),
            Map.entry("GET /v1/webhook-endpoints/{id}/deliveries", MERCHANT),
            Map.entry("POST /v1/webhook-endpoints/{id}/deliveries/{eventId}/retry", MERCHANT),
            Map.entry("GET /internal/events", Set.of("service:analytics-service")),
            Map.entry("GET /v3/api-docs", BoundaryCheck.PUBLIC),
            Map.entry("GET /v3/api-docs.yaml", BoundaryCheck.NOBODY));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "payments");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ApplicationContext context;

    @Test
    void onlyTheTablesCallersGetThroughInAnySpelling() {
        BoundaryCheck.assertHolds("payment-service", context, port, managementPort, TABLE);
    }
}

package io.paycloud.analytics;

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

import io.paycloud.common.testsupport.Boundary;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.BoundaryCheck;
import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * Every request mapping of analytics-service, on its real ports, in every spelling, with every kind of
 * credential: only the callers this table names get past Spring Security (BoundaryCheck).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BoundaryTest {

    static final Set<String> MERCHANT = Set.of("merchant");
    static final Set<String> VIEWER = BoundaryCheck.operators(OperatorRole.VIEWER);

    /** The intended access, written independently of SecurityConfiguration. */
    static final Map<String, Set<String>> TABLE = Map.ofEntries(
            Map.entry("GET /v1/reports/summary", MERCHANT),
            Map.entry("GET /v1/reports/summary.csv", MERCHANT),
            Map.entry("GET /v1/reports/reconciliation", BoundaryCheck.operators(OperatorRole.VIEWER, OperatorRole.TREASURY)),
            Map.entry("GET /dashboard", BoundaryCheck.PUBLIC),
            Map.entry("GET /dashboard/data", VIEWER),
            Map.entry("GET /dashboard/lag", VIEWER),
            Map.entry("GET /dashboard/dashboard.js", BoundaryCheck.PUBLIC),
            Map.entry("GET /dashboard/dashboard.css", BoundaryCheck.PUBLIC),
            Map.entry("GET /dashboard/lib/chart.umd.js", BoundaryCheck.PUBLIC),
            Map.entry("GET /v3/api-docs", BoundaryCheck.PUBLIC),
            Map.entry("GET /v3/api-docs.yaml", BoundaryCheck.NOBODY));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "analytics");
        registry.add("spring.cloud.discovery.client.simple.instances.payment-service[0].uri", AnalyticsTestSupport.FEED::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.account-service[0].uri", AnalyticsTestSupport.LEDGER::uri);
        registry.add("paycloud.feed.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ApplicationContext context;

    @Test
    void onlyTheTablesCallersGetThroughInAnySpelling() {
        // the dashboard's files are served by resource handlers, not request mappings
        BoundaryCheck.assertHolds("analytics-service", context, port, managementPort, TABLE, new Boundary.Endpoint("GET", "/dashboard/dashboard.js"),
                new Boundary.Endpoint("GET", "/dashboard/dashboard.css"), new Boundary.Endpoint("GET", "/dashboard/lib/chart.umd.js"));
    }
}

package io.paycloud.account;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * The one Spring context the integration tests share (same annotations, so Spring caches it): the
 * whole service over MockMvc, on MariaDB/MySQL when {@code PAYCLOUD_TEST_DB_URL} names one, else H2,
 * with risk-service replaced by {@link RiskServiceStub}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
public abstract class IntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "accounts");
        // risk-service, which carries out approved risk controls
        registry.add("spring.cloud.discovery.client.simple.instances.risk-service[0].uri", RiskServiceStub.get()::uri);
    }

    protected static boolean onMySqlFamily() {
        return TestInfrastructure.database("accounts").isMySqlFamily();
    }
}

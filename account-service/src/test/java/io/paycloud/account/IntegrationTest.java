package io.paycloud.account;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * The one Spring context the integration tests share (same annotations, so Spring caches it): the
 * whole service over MockMvc, on MariaDB/MySQL when {@code PAYCLOUD_TEST_DB_URL} names one, else H2.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
public abstract class IntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "accounts");
    }

    protected static boolean onMySqlFamily() {
        return TestInfrastructure.database("accounts").isMySqlFamily();
    }
}

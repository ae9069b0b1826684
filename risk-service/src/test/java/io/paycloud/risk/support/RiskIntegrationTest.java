package io.paycloud.risk.support;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.paycloud.common.id.Ids;
import io.paycloud.common.testsupport.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application context for the integration tests: the database and Redis of
 * {@link TestInfrastructure}, Redis keys under a prefix of this run, a clock tests can move, and
 * account-service replaced by {@link AccountServiceStub}.
 * Each test works with its own merchant and customers, so rules it creates judge only its payments.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(RiskIntegrationTest.Clocks.class)
public abstract class RiskIntegrationTest {

    public static final String KEY_PREFIX = "risk-test-" + UUID.randomUUID() + ":";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "risk");
        registry.add("risk.redis-key-prefix", () -> KEY_PREFIX);
        // account-service, where four-eyes requests wait for their checker
        registry.add("spring.cloud.discovery.client.simple.instances.account-service[0].uri", AccountServiceStub.get()::uri);
        // These tests are about decisions, not about Redis being slow: on a loaded CI machine the
        // production timeouts (RedisOutageTest covers them) would turn some answers into reviews.
        registry.add("risk.redis-command-timeout", () -> "5s");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected TestClock clock;

    protected Api api;
    protected String merchant;

    @Autowired
    protected CircuitBreakerRegistry circuitBreakers;

    protected final AccountServiceStub accountService = AccountServiceStub.get();

    @BeforeEach
    void setUpApi() {
        circuitBreakers.circuitBreaker("redis").reset();
        circuitBreakers.circuitBreaker("account-service").reset();
        accountService.down(false);
        api = new Api(mvc, json);
        merchant = Ids.newId("mer");
    }

    protected static String newCustomer() {
        return Ids.newId("cus");
    }

    /** Creates an enabled rule for this test's merchant and answers its id. */
    protected String createRule(String type, String action, Map<String, Object> params) {
        Map<String, Object> scoped = new java.util.LinkedHashMap<>(params);
        scoped.put("merchant", merchant);
        Api.Response r = api.post("/v1/risk/rules", Api.body("name", type + " test rule", "type", type, "action", action,
                "params", scoped));
        if (r.status() != 201) {
            throw new AssertionError("rule not created: " + r.body());
        }
        return r.text("id");
    }

    /**
     * What account-service does once a second risk operator approved: hands the action back to
     * {@code POST /internal/approved-actions} under the approval's id.
     */
    protected Api.Response carryOut(String approval, String action, String object, Object request) {
        return api.post("/internal/approved-actions", Api.body("approval", approval, "action", action, "object", object,
                "request", request, "maker", "maker-op", "checker", "checker-op"));
    }

    /** An assessment of a verified customer's payment for this test's merchant. */
    protected Api.Response assess(String customer, long amount, String currency) {
        return assess(Api.body("merchant", merchant, "customer", customer, "amount", amount, "currency", currency,
                "kycLevel", "verified"));
    }

    protected Api.Response assess(Map<String, Object> body) {
        Api.Response r = api.post("/internal/assessments", body);
        if (r.status() != 201) {
            throw new AssertionError("assessment failed: " + r.status() + " " + r.body());
        }
        return r;
    }
}

package io.paycloud.payment.risk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.payment.support.ServiceJar;
import io.paycloud.payment.support.TestRemoteCalls;
import tools.jackson.databind.json.JsonMapper;

/**
 * The risk contract against risk-service itself: its packaged jar started as a process ({@link ServiceJar}),
 * called by the {@link HttpRiskClient} payment-service runs in production, signed as payment-service.
 * Block list entries and rules are made through the ops API with an ops identity. Runs on the MariaDB
 * named by {@code PAYCLOUD_TEST_DB_URL} (profile {@code mysql}, a fresh database) and the Redis named by
 * {@code PAYCLOUD_TEST_REDIS_URL}, else on H2 files and an embedded Redis (profile {@code embedded});
 * its Redis keys carry a prefix of this run. Without the jar or a Redis it fails; it never skips.
 */
class RiskServiceContractIT extends RiskContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServiceJar riskService;
    private HttpRiskClient client;

    @BeforeAll
    static void startRiskService() throws Exception {
        TestInfrastructure.RedisEndpoint redis = TestInfrastructure.redis();
        // a velocity check that waits past these answers review: scaled to this machine, as LocalPlatform does
        riskService = ServiceJar.start("risk-service", "risk_contract",
                List.of("--risk.redis-command-timeout=" + TestTimes.property(Duration.ofMillis(250))),
                Map.of("PAYCLOUD_EMBEDDED_REDIS_PORT", String.valueOf(redis.port()),
                        "RISK_REDIS_KEY_PREFIX", "risk-contract-" + UUID.randomUUID() + ":"));
    }

    @AfterAll
    static void stopRiskService() {
        if (riskService != null) {
            riskService.close();
        }
    }

    @BeforeEach
    void client() {
        client = new HttpRiskClient(riskService.client(PlatformServices.PAYMENT), TestRemoteCalls.likeProduction());
    }

    @AfterEach
    void closeClient() throws InterruptedException {
        client.destroy();
    }

    @Override
    protected RiskClient risk() {
        return client;
    }

    @Override
    protected void outcomesDelivered() {
        // the client's background queue drains on shutdown; the next calls go through a new client
        try {
            client.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        client();
    }

    @Override
    protected void block(String type, String value) {
        riskService.call("POST", "/v1/risk/blocklist", riskService.opsToken(),
                JSON.writeValueAsString(Map.of("type", type, "value", value)), 201);
    }

    @Override
    protected String rule(String type, String action, Map<String, Object> params) {
        return riskService.call("POST", "/v1/risk/rules", riskService.opsToken(), JSON.writeValueAsString(
                Map.of("name", "contract " + type, "type", type, "action", action, "params", params)), 201)
                .path("id").asString();
    }
}

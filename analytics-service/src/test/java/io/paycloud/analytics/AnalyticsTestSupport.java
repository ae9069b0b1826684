package io.paycloud.analytics;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.analytics.feed.ConsumerLag;
import io.paycloud.analytics.feed.FeedConsumer;
import io.paycloud.common.testsupport.TestIdentities;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * analytics-service on its real database (MariaDB in CI, else H2) with payment-service and
 * account-service replaced by small HTTP stubs on random ports, found through the simple discovery
 * client, so the load-balanced clients, breakers and JSON mapping all run for real. The scheduled
 * consumer is off: tests poll it themselves. Stubs and database are shared by every test class of
 * the JVM, so each test uses merchants (and days, where it reads a whole day) of its own.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
public abstract class AnalyticsTestSupport {

    public static final PaymentServiceStub FEED = new PaymentServiceStub();
    public static final LedgerStub LEDGER = new LedgerStub();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "analytics");
        registry.add("spring.cloud.discovery.client.simple.instances.payment-service[0].uri", FEED::uri);
        registry.add("spring.cloud.discovery.client.simple.instances.account-service[0].uri", LEDGER::uri);
        registry.add("paycloud.feed.enabled", () -> "false");
        // the first back-off is one interval: a test that polls twice within it must get there in time
        registry.add("paycloud.feed.interval", () -> TestTimes.property(Duration.ofMillis(50)));
        registry.add("paycloud.feed.max-backoff", () -> TestTimes.property(Duration.ofMillis(200)));
        // several test contexts share the database: none may keep the feed from the others
        registry.add("paycloud.feed.lease", () -> "1ms");
        // small pages, one per poll, so tests see batches and lag
        registry.add("paycloud.feed.batch-size", () -> "5");
        registry.add("paycloud.feed.poll-budget", () -> "0s");
    }

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected FeedConsumer consumer;
    @Autowired
    protected ConsumerLag lag;
    @Autowired
    protected JdbcClient jdbc;

    protected final JsonMapper json = JsonMapper.builder().build();
    protected final Simulator sim = new Simulator(FEED, LEDGER);

    /** Polls until the consumer has applied everything the feed holds; returns the events applied. */
    protected int drain() {
        int total = 0;
        long deadline = System.currentTimeMillis() + TestTimes.scaledMillis(20_000);
        while (System.currentTimeMillis() < deadline) {
            int applied = consumer.poll();
            total += applied;
            if (applied == 0) {
                if (lag.snapshot().eventsBehind() == 0 && lag.snapshot().position() >= FEED.head()) {
                    return total;
                }
                sleep(20);
            }
        }
        throw new AssertionError("the consumer did not catch up");
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected MvcResult getAs(String merchant, String path) throws Exception {
        var req = get(java.net.URI.create(path));
        req.header(TestIdentities.HEADER, merchant != null ? TestIdentities.merchant(merchant, "analytics-service") : TestIdentities.ops("analytics-service"));
        return mvc.perform(req).andReturn();
    }

    protected JsonNode body(MvcResult r) throws Exception {
        return json.readTree(r.getResponse().getContentAsString());
    }
}

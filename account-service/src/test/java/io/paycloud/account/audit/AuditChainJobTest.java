package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paycloud.account.IntegrationTest;

/** The scheduled verification as Prometheus and the log see it. */
@ExtendWith(OutputCaptureExtension.class)
class AuditChainJobTest extends IntegrationTest {

    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditChainVerifier verifier;

    @Autowired
    AuditStore store;

    @Autowired
    JdbcClient jdbc;

    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private AuditChainJob job() {
        return new AuditChainJob(verifier, prometheus, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The value of a sample in Prometheus' text format, by its exact name; null when it is not exposed. */
    private Double sample(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(prometheus.scrape());
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    @Test
    void theGaugesAppearWithTheFirstVerificationUnderTheirPrometheusNames() {
        AuditChainJob job = job();
        assertThat(sample("paycloud_audit_chain_ok")).isNull();
        assertThat(sample("paycloud_audit_chain_verified_seconds")).isNull();
        trail.append(AuditTrailTest.entry("dave", "GET /v1/merchants/{id}", "mer_1", null));
        job.run();
        assertThat(sample("paycloud_audit_chain_ok")).isEqualTo(1.0);
        assertThat(sample("paycloud_audit_chain_verified_seconds")).isEqualTo((double) NOW.getEpochSecond());
    }

    @Test
    void aBreakSetsTheGaugeToZeroAndIsLoggedOnceUntilItChanges(CapturedOutput output) {
        AuditChainJob job = job();
        AuditEvent e = trail.append(AuditTrailTest.entry("dave", "POST /v1/accounts/{id}/deposits", "acc_9",
                "{\"amount\":5}"));
        jdbc.sql("UPDATE audit_events SET outcome = '403' WHERE seq = ?").param(e.sequence()).update();
        try {
            job.run();
            job.run();
            assertThat(sample("paycloud_audit_chain_ok")).isEqualTo(0.0);
            assertThat(sample("paycloud_audit_chain_verified_seconds")).isEqualTo((double) NOW.getEpochSecond());
            String line = "Audit chain BROKEN at seq " + e.sequence() + " (id " + e.id() + "): hash mismatch";
            assertThat(output.getAll().split(Pattern.quote(line), -1)).as("times logged").hasSize(2);
            assertThat(output.getAll()).containsPattern("ERROR .*" + Pattern.quote(line));
        } finally {
            jdbc.sql("UPDATE audit_events SET outcome = ? WHERE seq = ?").params(e.outcome(), e.sequence()).update();
        }
        job.run();
        assertThat(sample("paycloud_audit_chain_ok")).isEqualTo(1.0);
        assertThat(output.getAll()).contains("Audit chain verified again");
    }

    @Test
    void aVerificationThatCannotRunLeavesTheLastResultAndItsTime(CapturedOutput output) {
        AtomicBoolean databaseDown = new AtomicBoolean();
        AuditChainVerifier flaky = new AuditChainVerifier(store, new AuditProperties(Duration.ofSeconds(60), 1000)) {
            @Override
            ChainVerification verify() {
                if (databaseDown.get()) {
                    throw new IllegalStateException("database unreachable");
                }
                return super.verify();
            }
        };
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        AuditChainJob job = new AuditChainJob(flaky, prometheus, new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
        job.run();
        databaseDown.set(true);
        now.set(NOW.plusSeconds(600));
        job.run();
        assertThat(sample("paycloud_audit_chain_ok")).isEqualTo(1.0);
        assertThat(sample("paycloud_audit_chain_verified_seconds")).isEqualTo((double) NOW.getEpochSecond());
        assertThat(output.getAll()).contains("Audit chain could not be verified: java.lang.IllegalStateException: database unreachable");
        databaseDown.set(false);
        job.run();
        assertThat(sample("paycloud_audit_chain_verified_seconds")).isEqualTo((double) NOW.plusSeconds(600).getEpochSecond());
    }
}

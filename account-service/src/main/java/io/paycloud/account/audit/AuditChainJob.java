package io.paycloud.account.audit;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Verifies the audit chain every {@code paycloud.audit.verify-interval} and publishes the result, which
 * the alert rules watch: {@code paycloud.audit.chain.ok} (Prometheus {@code paycloud_audit_chain_ok}, 1
 * intact, 0 broken) and {@code paycloud.audit.chain.verified} ({@code paycloud_audit_chain_verified_seconds},
 * epoch seconds of the last completed verification). Both appear with the first completed verification:
 * before that nothing is known, and a made-up 1 would hide a chain broken while the service was down.
 * A break is logged at ERROR when it is found and again only when it changes, not every minute.
 */
@Component
class AuditChainJob {

    private static final Logger log = LoggerFactory.getLogger(AuditChainJob.class);

    private final AuditChainVerifier verifier;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicLong verifiedAtMillis = new AtomicLong();
    /** The break last logged; null while the chain holds. Only the scheduler's thread touches it. */
    private ChainVerification.Break reported;

    AuditChainJob(AuditChainVerifier verifier, MeterRegistry meters, Clock clock) {
        this.verifier = verifier;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${paycloud.audit.verify-interval:60s}",
            initialDelayString = "${paycloud.audit.verify-interval:60s}")
    void run() {
        ChainVerification result;
        try {
            result = verifier.verify();
        } catch (RuntimeException e) {
            // a verification that cannot run proves nothing either way: the gauges keep their last
            // value and the age of paycloud_audit_chain_verified_seconds tells the alert
            log.warn("Audit chain could not be verified: {}", e.toString());
            return;
        }
        ok.set(result.ok() ? 1 : 0);
        verifiedAtMillis.set(clock.millis());
        publish();
        if (!Objects.equals(result.broken(), reported)) {
            if (result.ok()) {
                log.info("Audit chain verified again: {} events intact", result.entries());
            } else {
                ChainVerification.Break at = result.broken();
                log.error("Audit chain BROKEN at seq {} (id {}): {}", at.sequence(), at.id(), at.reason());
            }
            reported = result.broken();
        }
    }

    /** Registers the gauges; Micrometer answers the existing ones on every later call. */
    private void publish() {
        Gauge.builder("paycloud.audit.chain.ok", ok, AtomicInteger::get)
                .description("1 when the last verification found the audit chain intact, 0 when it found a break")
                .register(meters);
        Gauge.builder("paycloud.audit.chain.verified", verifiedAtMillis, v -> v.get() / 1000.0)
                .description("when the audit chain was last verified completely, in seconds since the epoch")
                .baseUnit("seconds")
                .register(meters);
    }
}

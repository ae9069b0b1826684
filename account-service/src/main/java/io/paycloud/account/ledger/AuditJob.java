package io.paycloud.account.ledger;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the ledger audit periodically and publishes {@code paycloud_ledger_audit_ok} (1 passed, 0 an
 * imbalance or an account past its limit), which the alert rules watch. Read-only, so every replica
 * may run it.
 */
@Component
class AuditJob {

    private static final Logger log = LoggerFactory.getLogger(AuditJob.class);

    private final Ledger ledger;
    private final AtomicInteger ok = new AtomicInteger(1);

    AuditJob(Ledger ledger, MeterRegistry meters) {
        this.ledger = ledger;
        Gauge.builder("paycloud.ledger.audit.ok", ok, AtomicInteger::get)
                .description("1 when the last ledger audit passed, 0 when it found a problem").register(meters);
    }

    @Scheduled(fixedDelayString = "${paycloud.ledger.audit-interval:60s}", initialDelayString = "30s")
    void run() {
        try {
            AuditReport report = ledger.audit();
            ok.set(report.ok() ? 1 : 0);
            if (!report.ok()) {
                log.error("Ledger audit FAILED: {}", report);
            }
        } catch (RuntimeException e) {
            // an audit that cannot run says nothing about the money; the next run tries again
            log.warn("Ledger audit could not run: {}", e.toString());
        }
    }
}

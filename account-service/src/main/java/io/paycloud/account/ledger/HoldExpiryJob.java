package io.paycloud.account.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Voids holds past their timeout. Every replica runs it; {@link Ledger#expireDueHolds()} makes that safe. */
@Component
class HoldExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

    private final Ledger ledger;

    HoldExpiryJob(Ledger ledger) {
        this.ledger = ledger;
    }

    @Scheduled(fixedDelayString = "${paycloud.ledger.expiry-interval:5s}", initialDelayString = "${paycloud.ledger.expiry-interval:5s}")
    void run() {
        try {
            ledger.expireDueHolds();
        } catch (RuntimeException e) {
            // the next run tries again; a database hiccup must not stop the schedule
            log.warn("Hold expiry run failed: {}", e.toString());
        }
    }
}

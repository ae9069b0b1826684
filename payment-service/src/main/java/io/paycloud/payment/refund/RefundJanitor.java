package io.paycloud.payment.refund;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;

/** Settles refunds whose ledger outcome was unknown; one replica per refund, by a guarded claim. */
@Component
class RefundJanitor {

    private static final Logger log = LoggerFactory.getLogger(RefundJanitor.class);

    private final RefundRepository refunds;
    private final RefundService service;
    private final Duration after;
    private final Duration giveUpAfter;

    RefundJanitor(RefundRepository refunds, RefundService service,
            @Value("${paycloud.payments.janitor-after}") Duration after,
            @Value("${paycloud.payments.give-up-after}") Duration giveUpAfter) {
        this.refunds = refunds;
        this.service = service;
        this.after = after;
        this.giveUpAfter = giveUpAfter;
    }

    @Scheduled(fixedDelayString = "${paycloud.payments.janitor-interval:5s}",
            initialDelayString = "${paycloud.payments.janitor-initial-delay:7s}")
    void run() {
        Instant now = Times.now();
        for (Refund r : refunds.stuck(now.minus(after), 50)) {
            try {
                Instant seen = refunds.updatedAt(r.id());
                if (refunds.claim(r, seen)) {
                    Refund settled = service.settle(r, now.isAfter(r.createdAt().plus(giveUpAfter)));
                    log.info("janitor: refund {} is {}", r.id(), settled.status());
                }
            } catch (RuntimeException e) {
                log.warn("janitor: refund {} not settled yet: {}", r.id(), e.getMessage());
            }
        }
    }
}

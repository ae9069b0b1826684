package io.paycloud.payment.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;

/** Deletes records past their 24 h; a plain guarded DELETE, so replicas running it at once do no harm. */
@Component
class IdempotencyExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyExpiryJob.class);

    private final IdempotencyStore store;

    IdempotencyExpiryJob(IdempotencyStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelayString = "${paycloud.idempotency.expiry-interval:10m}", initialDelayString = "60s")
    void run() {
        int deleted = store.expire(Times.now());
        if (deleted > 0) {
            log.info("idempotency: {} expired records deleted", deleted);
        }
    }
}

package io.paycloud.payment.payment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.paycloud.common.time.Times;

/**
 * Resumes the operation of payments left in {@code processing} (a timeout, a 5xx, a crash between
 * steps), settling it from the ledger's deterministic transfer ids. Safe with several replicas: a replica works on a payment only
 * after claiming it with a version-guarded update, which exactly one replica wins.
 */
@Component
class PaymentJanitor {

    private static final Logger log = LoggerFactory.getLogger(PaymentJanitor.class);

    private final PaymentRepository payments;
    private final PaymentEngine engine;
    private final PaymentProperties properties;

    PaymentJanitor(PaymentRepository payments, PaymentEngine engine, PaymentProperties properties) {
        this.payments = payments;
        this.engine = engine;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${paycloud.payments.janitor-interval:5s}",
            initialDelayString = "${paycloud.payments.janitor-initial-delay:5s}")
    void run() {
        for (Payment stuck : payments.stuck(Times.now().minus(properties.janitorAfter()), 50)) {
            payments.claim(stuck).ifPresent(this::settle);
        }
    }

    private void settle(Payment p) {
        try {
            Payment after = engine.resume(p);
            log.info("janitor: payment {} ({} from {}) is now {}", p.id(), p.operation().wire(),
                    p.state().operationFrom().wire(), after.status().wire());
        } catch (PaymentEngine.ConcurrentChange e) {
            log.info("janitor: payment {} was settled by another actor ({})", p.id(), e.current().status().wire());
        } catch (RuntimeException e) {
            // account-service still unreachable or slow: the payment stays in processing for the next pass
            log.warn("janitor: payment {} not settled yet: {}", p.id(), e.getMessage());
        }
    }
}

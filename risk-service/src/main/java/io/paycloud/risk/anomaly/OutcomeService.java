package io.paycloud.risk.anomaly;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.money.Currencies;
import io.paycloud.common.time.Times;

/**
 * Learns how payments ended, so the anomaly rule judges against completed payments only. Each
 * payment counts once: the outcome row (keyed by payment) and the statistics change in one
 * transaction, and a repeated outcome changes nothing.
 */
@Service
public class OutcomeService {

    private static final Logger log = LoggerFactory.getLogger(OutcomeService.class);

    static final String COUNTED_STATUS = "succeeded";

    private final OutcomeRepository outcomes;
    private final CustomerStatsRepository stats;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutcomeService(OutcomeRepository outcomes, CustomerStatsRepository stats, TransactionTemplate tx, Clock clock) {
        this.outcomes = outcomes;
        this.stats = stats;
        this.tx = tx;
        this.clock = clock;
    }

    /** The customer's history in {@code currency}; empty when there is none. */
    public Optional<AmountStats> history(String customer, String currency) {
        return stats.find(customer, currency);
    }

    OutcomeResponse record(OutcomeRequest request) {
        checkCurrency(request, "currency");
        return recordChecked(request);
    }

    /**
     * Records a batch, each outcome in its own transaction as if sent alone. An outcome that alone would be
     * refused (an unsupported currency, a repeat with another content) is counted, logged and skipped, so
     * that one bad outcome does not hold back the others.
     */
    OutcomeBatchResponse recordAll(List<OutcomeRequest> requests) {
        int recorded = 0;
        int replayed = 0;
        int refused = 0;
        for (OutcomeRequest request : requests) {
            try {
                if (record(request).replayed()) {
                    replayed++;
                } else {
                    recorded++;
                }
            } catch (ApiException e) {
                log.warn("Outcome of {} not recorded: {}", request.payment(), e.getMessage());
                refused++;
            }
        }
        return new OutcomeBatchResponse(recorded, replayed, refused);
    }

    private static void checkCurrency(OutcomeRequest request, String param) {
        if (!Currencies.isSupported(request.currency())) {
            throw ApiException.invalid(param, "currency must be one of " + String.join(", ", Currencies.codes()) + ".");
        }
    }

    private OutcomeResponse recordChecked(OutcomeRequest request) {
        Optional<OutcomeRequest> known = outcomes.find(request.payment());
        if (known.isPresent()) {
            return replay(known.get(), request);
        }
        Instant now = Times.now(clock);
        try {
            tx.executeWithoutResult(status -> {
                outcomes.insert(request, now);
                if (COUNTED_STATUS.equals(request.status())) {
                    count(request, now);
                }
            });
        } catch (DuplicateKeyException e) {
            // the same outcome arrived concurrently and the other call counted it
            return replay(outcomes.find(request.payment()).orElseThrow(() -> e), request);
        }
        return OutcomeResponse.of(request, false);
    }

    private void count(OutcomeRequest o, Instant now) {
        if (stats.addTo(o.customer(), o.currency(), o.amount(), now)) {
            return;
        }
        try {
            stats.insertFirst(o.customer(), o.currency(), o.amount(), now);
        } catch (DuplicateKeyException first) {
            // another payment of this customer created the row meanwhile
            if (!stats.addTo(o.customer(), o.currency(), o.amount(), now)) {
                throw first;
            }
        }
    }

    private static OutcomeResponse replay(OutcomeRequest stored, OutcomeRequest request) {
        String differs = !Objects.equals(stored.customer(), request.customer()) ? "customer"
                : !Objects.equals(stored.amount(), request.amount()) ? "amount"
                : !Objects.equals(stored.currency(), request.currency()) ? "currency"
                : !Objects.equals(stored.status(), request.status()) ? "status" : null;
        if (differs != null) {
            throw new ApiException(ErrorCode.CONFLICT, differs,
                    "An outcome with a different " + differs + " was already recorded for payment " + stored.payment() + ".");
        }
        return OutcomeResponse.of(stored, true);
    }
}

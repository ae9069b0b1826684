package io.paycloud.payment.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.common.money.Money;
import io.paycloud.common.time.Times;
import io.paycloud.payment.ledger.LedgerClient;
import io.paycloud.payment.ledger.LedgerTransfer;
import io.paycloud.payment.ledger.TransferOrder;
import io.paycloud.payment.risk.RiskClient;

/**
 * The work of each {@link Operation}: one call to risk-service or the ledger, whose ending is returned
 * as an {@link Outcome} with what it changes on the payment. A step never moves the payment itself:
 * {@link PaymentEngine} applies the outcome through the {@link Lifecycle} table. Every ledger step names
 * its transfers by the payment's deterministic ids, so repeating a step never moves money twice.
 */
@Component
class PaymentSteps {

    private static final Logger log = LoggerFactory.getLogger(PaymentSteps.class);
    private static final Set<String> FAILURE_CODES = Set.of("insufficient_funds", "risk_declined", "kyc_required",
            "account_frozen", "review_declined", "expired");

    /** A step's ending: the outcome, what it changes on the payment, and for ABORTED the failure to answer with. */
    record Result(Outcome outcome, UnaryOperator<Payment.State> effect, RuntimeException cause) {

        static Result of(Outcome outcome, UnaryOperator<Payment.State> effect) {
            return new Result(outcome, effect, null);
        }

        static Result unknown() {
            return new Result(Outcome.UNKNOWN, s -> s, null);
        }

        static Result aborted(RuntimeException cause) {
            return new Result(Outcome.ABORTED, s -> s, cause);
        }
    }

    private final LedgerClient ledger;
    private final RiskClient risk;
    private final PaymentProperties properties;

    PaymentSteps(LedgerClient ledger, RiskClient risk, PaymentProperties properties) {
        this.ledger = ledger;
        this.risk = risk;
        this.properties = properties;
    }

    /** Runs the payment's operation as asked by a merchant or an operator. */
    Result perform(Payment p) {
        return switch (p.operation()) {
            case ASSESS -> assess(p);
            case AUTHORIZE -> authorize(p);
            case PURCHASE -> purchase(p);
            case CAPTURE -> capture(p, p.state().captureAmount(), false);
            case CANCEL -> cancel(p, false);
            case DECLINE -> Result.of(Outcome.SUCCESS, s -> s.failed("review_declined",
                    "The payment was declined on review."));
        };
    }

    /**
     * Finishes an operation that was cut short (the janitor): the ledger, read by the payment's transfer
     * ids, says how far it got; the step is repeated only where it surely did not happen.
     */
    Result resume(Payment p) {
        if (p.operation() == Operation.ASSESS) {
            // a hold exists only once risk approved: the assessment is over, only its answer was lost
            return ledger.find(p.holdId()).isPresent()
                    ? Result.of(Outcome.SUCCESS, s -> s.judged("approve", s.riskAssessmentId()))
                    : assess(p);
        }
        return fromLedger(p, false);
    }

    // ------------------------------------------------------------------ risk

    /** Unavailable risk never approves: it takes the configured fallback, which is a decline or ops' review. */
    private Result assess(Payment p) {
        Payment.Terms t = p.terms();
        String decision;
        String assessmentId = null;
        String failureCode = null;
        try {
            RiskClient.Assessment a = risk.assess(new RiskClient.AssessmentRequest(t.id(), t.merchantId(),
                    t.customerId(), t.amount(), t.currency(), t.kycLevel(), t.customerEmail(), t.clientIp(),
                    t.deviceId()));
            decision = a.decision();
            assessmentId = a.id();
            failureCode = a.failureCode();
        } catch (ServiceUnavailableException | OutcomeUnknownException | RemoteProblem e) {
            log.warn("risk-service could not assess {} ({}); taking the fallback '{}'", t.id(), e.getMessage(),
                    properties.riskFallback());
            decision = properties.riskFallback();
        }
        String d = decision;
        String id = assessmentId;
        boolean kyc = "kyc_required".equals(failureCode);
        return switch (decision) {
            case "approve" -> Result.of(Outcome.SUCCESS, s -> s.judged(d, id));
            case "decline" -> Result.of(Outcome.FAILURE, s -> s.judged(d, id).failed(
                    kyc ? "kyc_required" : "risk_declined",
                    kyc ? "The customer must complete real-name verification." : "The payment was declined by risk checks."));
            default -> Result.of(Outcome.UNKNOWN, s -> s.judged(d, id));
        };
    }

    // ------------------------------------------------------------------ ledger

    /** The hold alone, for a payment captured later. */
    private Result authorize(Payment p) {
        Payment.Terms t = p.terms();
        try {
            ledger.transfer(TransferOrder.hold(p.holdId(), t.payerAccountId(), t.merchantAccountId(), t.amount(),
                    t.currency(), properties.manualHold().toSeconds()));
        } catch (RemoteProblem e) {
            return refused(e);
        } catch (ServiceUnavailableException e) {
            return Result.aborted(e);
        } catch (OutcomeUnknownException e) {
            log.warn("Hold of {} has an unknown outcome; the janitor will settle it", t.id());
            return Result.unknown();
        }
        return Result.of(Outcome.SUCCESS, s -> s.capturable(t.amount()));
    }

    /**
     * The hold, its post for the whole amount and the fee as one linked batch: one call and one ledger
     * transaction. The ids are those of the separate steps, so a replay of the batch, or the janitor
     * finding a hold alone from an earlier run, meets the same transfers.
     */
    private Result purchase(Payment p) {
        Payment.Terms t = p.terms();
        long fee = fee(p, t.amount());
        List<TransferOrder> batch = new ArrayList<>();
        batch.add(TransferOrder.hold(p.holdId(), t.payerAccountId(), t.merchantAccountId(), t.amount(), t.currency(),
                properties.automaticHold().toSeconds()));
        batch.addAll(captureOrders(p, t.amount(), fee));
        try {
            ledger.linkedBatch(batch);
        } catch (RemoteProblem e) {
            if (ledger.find(p.holdId()).isEmpty()) {
                // the chain stopped at the hold itself (funds, a frozen wallet): nothing moved
                return refused(e);
            }
            // a hold from an earlier run that has since been posted, voided or has expired
            return fromLedger(p, true);
        } catch (ServiceUnavailableException e) {
            return Result.aborted(e);
        } catch (OutcomeUnknownException e) {
            log.warn("Hold and capture of {} have an unknown outcome; the janitor will settle it", t.id());
            return Result.unknown();
        }
        return Result.of(Outcome.SUCCESS, s -> s.captured(t.amount(), fee));
    }

    /** Posts the hold for {@code amount} (the rest released) with the fee, as one linked batch. */
    private Result capture(Payment p, long amount, boolean afterRefusal) {
        long fee = fee(p, amount);
        try {
            ledger.linkedBatch(captureOrders(p, amount, fee));
        } catch (RemoteProblem e) {
            return afterRefusal ? Result.unknown() : fromLedger(p, true);
        } catch (ServiceUnavailableException e) {
            return Result.aborted(e);
        } catch (OutcomeUnknownException e) {
            log.warn("Capture of {} has an unknown outcome; the janitor will settle it", p.id());
            return Result.unknown();
        }
        return Result.of(Outcome.SUCCESS, s -> s.captured(amount, fee));
    }

    /** Releases the whole hold; a payment that holds nothing yet is canceled without the ledger. */
    private Result cancel(Payment p, boolean afterRefusal) {
        if (p.state().operationFrom() != PaymentStatus.REQUIRES_CAPTURE) {
            return Result.of(Outcome.SUCCESS, s -> s.capturable(0));
        }
        try {
            ledger.transfer(TransferOrder.release(p.releaseId(), p.holdId()));
        } catch (RemoteProblem e) {
            return afterRefusal ? Result.unknown() : fromLedger(p, true);
        } catch (ServiceUnavailableException e) {
            return Result.aborted(e);
        } catch (OutcomeUnknownException e) {
            return Result.unknown();
        }
        return Result.of(Outcome.SUCCESS, s -> s.capturable(0));
    }

    /**
     * The outcome of the payment's ledger operation as the ledger shows it, finishing the operation where
     * the hold still waits. {@code afterRefusal}: the ledger just refused this operation's transfers, so
     * a hold still pending is not retried in a loop; the janitor looks again later.
     */
    private Result fromLedger(Payment p, boolean afterRefusal) {
        Operation op = p.operation();
        Optional<LedgerTransfer> hold = ledger.find(p.holdId());
        if (hold.isEmpty()) {
            if (op == Operation.CAPTURE || op == Operation.CANCEL) {
                throw new IllegalStateException("payment " + p.id() + " is held but the ledger has no hold");
            }
            if (Times.now().isAfter(p.terms().createdAt().plus(properties.giveUpAfter()))) {
                return Result.of(Outcome.FAILURE,
                        s -> s.failed(null, "The payment could not be processed in time; nothing was charged."));
            }
            return afterRefusal ? Result.unknown() : perform(p);
        }
        return switch (hold.get().status()) {
            case "pending" -> switch (op) {
                case AUTHORIZE -> Result.of(Outcome.SUCCESS, s -> s.capturable(p.terms().amount()));
                case PURCHASE -> capture(p, p.terms().amount(), afterRefusal);
                case CAPTURE -> capture(p, p.state().captureAmount(), afterRefusal);
                case CANCEL -> cancel(p, afterRefusal);
                case ASSESS, DECLINE -> throw new IllegalStateException(op + " of " + p.id() + " has no ledger step");
            };
            case "posted" -> {
                if (op != Operation.PURCHASE && op != Operation.CAPTURE) {
                    throw new IllegalStateException("hold of " + p.id() + " was posted during " + op.wire());
                }
                LedgerTransfer posted = ledger.find(p.captureId()).orElseThrow(
                        () -> new IllegalStateException("hold of " + p.id() + " posted by another transfer"));
                long fee = ledger.find(p.feeId()).map(LedgerTransfer::amount).orElse(0L);
                yield Result.of(Outcome.SUCCESS, s -> s.captured(posted.amount(), fee));
            }
            case "voided" -> op == Operation.CANCEL
                    ? Result.of(Outcome.SUCCESS, s -> s.capturable(0))
                    : Result.of(Outcome.FAILURE, s -> s.failed(null, "The hold was released; nothing was charged."));
            default -> Result.of(Outcome.FAILURE,
                    s -> s.failed("expired", "The authorization expired before it was captured."));
        };
    }

    private static Result refused(RemoteProblem e) {
        String code = e.code() != null && FAILURE_CODES.contains(e.code()) ? e.code() : null;
        String message = "insufficient_funds".equals(e.code()) ? "The customer's wallet does not hold enough funds."
                : e.getMessage();
        return Result.of(Outcome.FAILURE, s -> s.failed(code, message));
    }

    private static long fee(Payment p, long amount) {
        return Money.of(amount, p.terms().currency()).share(p.terms().feeBps(), 10_000).minorUnits();
    }

    private static List<TransferOrder> captureOrders(Payment p, long amount, long fee) {
        List<TransferOrder> orders = new ArrayList<>();
        orders.add(TransferOrder.post(p.captureId(), p.holdId(), amount));
        if (fee > 0) {
            orders.add(TransferOrder.single(p.feeId(), p.terms().merchantAccountId(), p.terms().feeAccountId(), fee,
                    p.terms().currency()));
        }
        return orders;
    }
}

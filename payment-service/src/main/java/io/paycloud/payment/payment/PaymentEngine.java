package io.paycloud.payment.payment;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.paycloud.common.error.ApiException;
import io.paycloud.payment.risk.RiskClient;

/**
 * The one transition applier: merchants', operators' and the janitor's operations all run here. It
 * asks {@link PaymentSteps} for the outcome of the payment's operation, looks the outcome up in the
 * {@link Lifecycle} table and saves the row's next status with its event, guarded by the payment's
 * version. Whoever loses a race to another actor shows what that actor made of the payment.
 */
@Component
class PaymentEngine {

    private final PaymentRepository payments;
    private final PaymentSteps steps;
    private final RiskClient risk;

    PaymentEngine(PaymentRepository payments, PaymentSteps steps, RiskClient risk) {
        this.payments = payments;
        this.steps = steps;
        this.risk = risk;
    }

    /**
     * Starts {@code operation} on a payment resting where it was read, and runs it to its outcome. The
     * first write is guarded by the version read: losing it to a concurrent request (a capture and a
     * cancel at once) means that request's operation is under way, so this one is a 409 and did nothing.
     */
    Payment start(Payment p, Operation operation, Long captureAmount, String refusal) {
        return start(p, operation, captureAmount, refusal, KeyRecord.NONE);
    }

    /** As {@link #start(Payment, Operation, Long, String)}, recording {@code key} in the operation's first and last writes. */
    Payment start(Payment p, Operation operation, Long captureAmount, String refusal, KeyRecord key) {
        Lifecycle.check(p.status(), operation, refusal);
        Payment started = p.with(p.state().inFlight(operation, p.status(), captureAmount));
        boolean inFlight = Lifecycle.runsInFlight(p.status(), operation);
        if (inFlight) {
            Optional<Payment> saved = payments.transition(p, started.state(), null, key, false);
            if (saved.isEmpty()) {
                Payment now = payments.find(p.id()).orElseThrow();
                if (now.status() == PaymentStatus.PROCESSING && now.operation() == operation) {
                    return now; // the same operation is already under way: this call is the same call
                }
                throw changedMeanwhile(now);
            }
            started = saved.get();
        }
        try {
            return run(started, false, key);
        } catch (ConcurrentChange e) {
            if (!inFlight) {
                throw changedMeanwhile(e.current()); // an operation done at once lost its only write
            }
            return e.current();
        }
    }

    /**
     * Creates a payment confirmed in the same request. Risk judges it before it is stored, so its first
     * write carries the decision: approved, it is inserted with its ledger operation already in flight
     * (a crash from there on is the janitor's, as for any operation); declined or sent to review, it is
     * inserted in that status. With the final transition that makes two writes for a confirmed payment.
     * Nobody else can act on a payment that is not stored yet, so nothing needs guarding before the insert.
     * {@code key} goes into the first write and the request's answer into the last.
     */
    Payment createConfirmed(Payment created, String idempotencyKey, KeyRecord key) {
        PaymentStatus from = created.status();
        Lifecycle.check(from, Operation.ASSESS, "A new payment is confirmed from requires_confirmation.");
        Payment assessing = created.with(created.state().inFlight(Operation.ASSESS, from, null));
        PaymentSteps.Result result = steps.perform(assessing);
        Lifecycle.Transition t = Lifecycle.next(from, Operation.ASSESS, result.outcome());
        Payment.State effect = result.effect().apply(assessing.state());
        Payment.State first = after(created, t, effect);
        Payment saved = payments.insert(created, first, t.event(), idempotencyKey, key, !t.continues());
        if (!t.continues()) {
            return saved;
        }
        try {
            return run(saved, false, key);
        } catch (ConcurrentChange e) {
            return e.current();
        }
    }

    /** Finishes the operation of a payment found in processing (the janitor, after claiming it). */
    Payment resume(Payment p) {
        return run(p, true, KeyRecord.NONE);
    }

    private Payment run(Payment payment, boolean resumed, KeyRecord key) {
        Payment p = payment;
        while (true) {
            PaymentSteps.Result result = resumed ? steps.resume(p) : steps.perform(p);
            // a resumed operation's caller was told "processing": a step that did nothing now stays unknown
            Outcome outcome = resumed && result.outcome() == Outcome.ABORTED ? Outcome.UNKNOWN : result.outcome();
            Lifecycle.Transition t = Lifecycle.next(p.state().operationFrom(), p.operation(), outcome);
            if (t.to() == PaymentStatus.PROCESSING && !t.continues()) {
                return p; // unknown: the janitor settles it from the ledger
            }
            Payment.State effect = result.effect().apply(p.state());
            Payment.State next = after(p, t, effect);
            // the operation's last write carries the request's answer, unless the operation failed on our side
            p = move(p, next, t.event(), !t.continues() && outcome != Outcome.ABORTED ? key : KeyRecord.NONE);
            if (p.status() == PaymentStatus.SUCCEEDED) {
                Payment.Terms terms = p.terms();
                risk.reportOutcome(new RiskClient.Outcome(terms.id(), terms.customerId(), p.state().amountCaptured(),
                        terms.currency(), "succeeded"));
            }
            if (outcome == Outcome.ABORTED) {
                throw result.cause();
            }
            if (!t.continues()) {
                return p;
            }
        }
    }

    /** The state a transition leaves: at rest in its status, or approved with the ledger operation in flight. */
    private static Payment.State after(Payment p, Lifecycle.Transition t, Payment.State effect) {
        return t.continues() ? effect.inFlight(Operation.authorizationFor(p), t.from(), null) : effect.resting(t.to());
    }

    /**
     * Saves a transition; when another actor (the janitor, a concurrent request) moved the payment first,
     * answers with what it is now instead of overwriting it.
     */
    private Payment move(Payment current, Payment.State next, String event, KeyRecord key) {
        Optional<Payment> saved = payments.transition(current, next, event, key, true);
        if (saved.isPresent()) {
            return saved.get();
        }
        throw new ConcurrentChange(payments.find(current.id()).orElseThrow());
    }

    private static ApiException changedMeanwhile(Payment now) {
        return ApiException.stateInvalid("The payment changed meanwhile; it is now " + now.status().wire() + ".");
    }

    /** Another actor moved the payment while this one was working on it; the caller shows the newer state. */
    static final class ConcurrentChange extends RuntimeException {

        private final transient Payment current;

        ConcurrentChange(Payment current) {
            super("payment " + current.id() + " changed concurrently", null, false, false);
            this.current = current;
        }

        Payment current() {
            return current;
        }
    }
}

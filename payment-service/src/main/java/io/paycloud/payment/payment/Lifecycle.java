package io.paycloud.payment.payment;

import static io.paycloud.payment.payment.Operation.ASSESS;
import static io.paycloud.payment.payment.Operation.AUTHORIZE;
import static io.paycloud.payment.payment.Operation.CANCEL;
import static io.paycloud.payment.payment.Operation.CAPTURE;
import static io.paycloud.payment.payment.Operation.DECLINE;
import static io.paycloud.payment.payment.Operation.PURCHASE;
import static io.paycloud.payment.payment.Outcome.ABORTED;
import static io.paycloud.payment.payment.Outcome.FAILURE;
import static io.paycloud.payment.payment.Outcome.SUCCESS;
import static io.paycloud.payment.payment.Outcome.UNKNOWN;
import static io.paycloud.payment.payment.PaymentStatus.CANCELED;
import static io.paycloud.payment.payment.PaymentStatus.FAILED;
import static io.paycloud.payment.payment.PaymentStatus.PROCESSING;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_CAPTURE;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_CONFIRMATION;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_REVIEW;
import static io.paycloud.payment.payment.PaymentStatus.SUCCEEDED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.paycloud.common.error.ApiException;

/**
 * The payment life cycle as data. An operation begins in a status the payment rests in ({@code from}),
 * runs while the payment shows {@code processing}, and its outcome decides where the payment goes:
 * one row per (from, operation, outcome). Anything not in the table is refused. README prints this table.
 */
final class Lifecycle {

    /**
     * One row. {@code to} is {@code processing} when the payment stays in flight: on {@code UNKNOWN}
     * (the janitor finishes it) and after a risk approval, when {@code then} names the ledger operation
     * that follows (a hold, or a hold captured at once, by the payment's capture method).
     */
    record Transition(PaymentStatus from, Operation operation, Outcome outcome, PaymentStatus to, String then) {

        /** The event this transition announces; none while in flight or when an aborted step goes back. */
        String event() {
            return to == PROCESSING || to == from ? null : "payment." + to.wire();
        }

        boolean continues() {
            return then != null;
        }
    }

    /** Operations that run in flight ({@code processing}); the others change the payment at once. */
    private static final List<Transition> TABLE;
    private static final List<Transition> BEGIN;

    static {
        List<Transition> t = new ArrayList<>();
        List<Transition> b = new ArrayList<>();
        // confirm: risk first
        b.add(new Transition(REQUIRES_CONFIRMATION, ASSESS, null, PROCESSING, null));
        t.add(new Transition(REQUIRES_CONFIRMATION, ASSESS, SUCCESS, PROCESSING, "authorize (manual capture) or purchase (automatic)"));
        t.add(new Transition(REQUIRES_CONFIRMATION, ASSESS, FAILURE, FAILED, null));
        t.add(new Transition(REQUIRES_CONFIRMATION, ASSESS, UNKNOWN, REQUIRES_REVIEW, null));
        // then the ledger, after risk's approval or an operator's
        for (PaymentStatus from : List.of(REQUIRES_CONFIRMATION, REQUIRES_REVIEW)) {
            if (from == REQUIRES_REVIEW) {
                b.add(new Transition(from, AUTHORIZE, null, PROCESSING, null));
                b.add(new Transition(from, PURCHASE, null, PROCESSING, null));
            }
            t.add(new Transition(from, AUTHORIZE, SUCCESS, REQUIRES_CAPTURE, null));
            t.add(new Transition(from, AUTHORIZE, FAILURE, FAILED, null));
            t.add(new Transition(from, AUTHORIZE, UNKNOWN, PROCESSING, null));
            t.add(new Transition(from, AUTHORIZE, ABORTED, from, null));
            t.add(new Transition(from, PURCHASE, SUCCESS, SUCCEEDED, null));
            t.add(new Transition(from, PURCHASE, FAILURE, FAILED, null));
            t.add(new Transition(from, PURCHASE, UNKNOWN, PROCESSING, null));
            t.add(new Transition(from, PURCHASE, ABORTED, from, null));
        }
        // a held payment is captured or canceled
        for (Operation op : List.of(CAPTURE, CANCEL)) {
            b.add(new Transition(REQUIRES_CAPTURE, op, null, PROCESSING, null));
            t.add(new Transition(REQUIRES_CAPTURE, op, SUCCESS, op == CAPTURE ? SUCCEEDED : CANCELED, null));
            t.add(new Transition(REQUIRES_CAPTURE, op, FAILURE, FAILED, null));
            t.add(new Transition(REQUIRES_CAPTURE, op, UNKNOWN, PROCESSING, null));
            t.add(new Transition(REQUIRES_CAPTURE, op, ABORTED, REQUIRES_CAPTURE, null));
        }
        // at once, with nothing held
        t.add(new Transition(REQUIRES_CONFIRMATION, CANCEL, SUCCESS, CANCELED, null));
        t.add(new Transition(REQUIRES_REVIEW, CANCEL, SUCCESS, CANCELED, null));
        t.add(new Transition(REQUIRES_REVIEW, DECLINE, SUCCESS, FAILED, null));
        TABLE = Collections.unmodifiableList(t);
        BEGIN = Collections.unmodifiableList(b);
    }

    private Lifecycle() {
    }

    static List<Transition> table() {
        return TABLE;
    }

    /** The (from, operation) pairs that run in flight. */
    static List<Transition> inFlight() {
        return BEGIN;
    }

    static boolean runsInFlight(PaymentStatus from, Operation operation) {
        return BEGIN.stream().anyMatch(b -> b.from() == from && b.operation() == operation);
    }

    static Optional<Transition> find(PaymentStatus from, Operation operation, Outcome outcome) {
        return TABLE.stream()
                .filter(t -> t.from() == from && t.operation() == operation && t.outcome() == outcome)
                .findFirst();
    }

    /** The row for an outcome; an outcome the table does not foresee is a fault in the engine, not the request. */
    static Transition next(PaymentStatus from, Operation operation, Outcome outcome) {
        return find(from, operation, outcome).orElseThrow(() -> new IllegalStateException(
                "no transition from " + from.wire() + " for " + operation.wire() + " ending " + outcome));
    }

    /**
     * Whether a merchant or an operator may start {@code operation} on a payment resting in {@code from}:
     * it runs in flight from there, or it is done at once (its only row is a success). A row that
     * continues an approval (requires_confirmation, authorize) is reached through risk, never started.
     */
    static boolean allows(PaymentStatus from, Operation operation) {
        return runsInFlight(from, operation)
                || find(from, operation, SUCCESS).isPresent() && find(from, operation, UNKNOWN).isEmpty();
    }

    static void check(PaymentStatus from, Operation operation, String refusal) {
        if (!allows(from, operation)) {
            throw ApiException.stateInvalid(refusal);
        }
    }

    /** The table as README prints it, one Markdown row per transition. */
    static String markdown() {
        StringBuilder out = new StringBuilder("| status | operation | outcome | next status | announces |\n")
                .append("|---|---|---|---|---|\n");
        for (Transition b : BEGIN) {
            out.append("| ").append(b.from().wire()).append(" | ").append(b.operation().wire())
                    .append(" | (begins) | processing | — |\n");
        }
        for (Transition t : TABLE) {
            String to = t.to() == PROCESSING ? (t.continues() ? "processing, then " + t.then() : "processing (janitor)")
                    : t.to().wire();
            out.append("| ").append(t.from().wire()).append(" | ").append(t.operation().wire()).append(" | ")
                    .append(t.outcome().name().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(to)
                    .append(" | ").append(t.event() == null ? "—" : "`" + t.event() + "`").append(" |\n");
        }
        return out.toString();
    }
}

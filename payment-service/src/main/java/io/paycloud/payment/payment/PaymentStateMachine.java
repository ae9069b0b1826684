package io.paycloud.payment.payment;

import static io.paycloud.payment.payment.PaymentStatus.CANCELED;
import static io.paycloud.payment.payment.PaymentStatus.FAILED;
import static io.paycloud.payment.payment.PaymentStatus.PROCESSING;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_CAPTURE;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_CONFIRMATION;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_REVIEW;
import static io.paycloud.payment.payment.PaymentStatus.SUCCEEDED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.paycloud.common.error.ApiException;

/**
 * Every transition a payment may make, in one place; {@link PaymentRepository#transition} refuses any
 * other. {@code processing} is where a payment waits on the ledger or risk: from there it reaches its
 * outcome, or goes back where it came from when the call surely did nothing.
 */
final class PaymentStateMachine {

    private static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED = new EnumMap<>(PaymentStatus.class);

    static {
        ALLOWED.put(REQUIRES_CONFIRMATION, EnumSet.of(PROCESSING, CANCELED));
        ALLOWED.put(PROCESSING, EnumSet.of(PROCESSING, REQUIRES_REVIEW, REQUIRES_CAPTURE, SUCCEEDED, FAILED, CANCELED,
                REQUIRES_CONFIRMATION));
        ALLOWED.put(REQUIRES_REVIEW, EnumSet.of(PROCESSING, FAILED, CANCELED));
        ALLOWED.put(REQUIRES_CAPTURE, EnumSet.of(PROCESSING, CANCELED, FAILED));
        ALLOWED.put(SUCCEEDED, EnumSet.noneOf(PaymentStatus.class));
        ALLOWED.put(FAILED, EnumSet.noneOf(PaymentStatus.class));
        ALLOWED.put(CANCELED, EnumSet.noneOf(PaymentStatus.class));
    }

    private PaymentStateMachine() {
    }

    static boolean allows(PaymentStatus from, PaymentStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    static void check(PaymentStatus from, PaymentStatus to) {
        if (!allows(from, to)) {
            throw ApiException.stateInvalid("A payment in status " + from.wire() + " cannot become " + to.wire() + ".");
        }
    }

    /** The event a transition announces, or null when it announces none (into and out of processing). */
    static String eventType(PaymentStatus from, PaymentStatus to) {
        if (from == to) {
            return null;
        }
        return switch (to) {
            case REQUIRES_REVIEW -> "payment.requires_review";
            case REQUIRES_CAPTURE -> "payment.requires_capture";
            case SUCCEEDED -> "payment.succeeded";
            case FAILED -> "payment.failed";
            case CANCELED -> "payment.canceled";
            default -> null;
        };
    }
}

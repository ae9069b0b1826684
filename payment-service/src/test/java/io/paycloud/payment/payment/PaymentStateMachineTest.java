package io.paycloud.payment.payment;

import static io.paycloud.payment.payment.PaymentStatus.CANCELED;
import static io.paycloud.payment.payment.PaymentStatus.FAILED;
import static io.paycloud.payment.payment.PaymentStatus.PROCESSING;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_CAPTURE;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_CONFIRMATION;
import static io.paycloud.payment.payment.PaymentStatus.REQUIRES_REVIEW;
import static io.paycloud.payment.payment.PaymentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.paycloud.common.error.ApiException;

class PaymentStateMachineTest {

    /** The life cycle of DESIGN.md, written out independently of the production table. */
    private static final Map<PaymentStatus, Set<PaymentStatus>> EXPECTED = Map.of(
            REQUIRES_CONFIRMATION, EnumSet.of(PROCESSING, CANCELED),
            PROCESSING, EnumSet.of(PROCESSING, REQUIRES_REVIEW, REQUIRES_CAPTURE, SUCCEEDED, FAILED, CANCELED,
                    REQUIRES_CONFIRMATION),
            REQUIRES_REVIEW, EnumSet.of(PROCESSING, FAILED, CANCELED),
            REQUIRES_CAPTURE, EnumSet.of(PROCESSING, CANCELED, FAILED),
            SUCCEEDED, EnumSet.noneOf(PaymentStatus.class),
            FAILED, EnumSet.noneOf(PaymentStatus.class),
            CANCELED, EnumSet.noneOf(PaymentStatus.class));

    @Test
    void everyAllowedTransitionIsAllowedAndEveryOtherIsRefused() {
        int allowed = 0;
        int refused = 0;
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                assertThat(PaymentStateMachine.allows(from, to)).as(from + " -> " + to).isEqualTo(expected);
                if (expected) {
                    PaymentStateMachine.check(from, to);
                    allowed++;
                } else {
                    assertThatThrownBy(() -> PaymentStateMachine.check(from, to)).isInstanceOf(ApiException.class)
                            .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("state_invalid"));
                    refused++;
                }
            }
        }
        assertThat(allowed + refused).isEqualTo(49);
        assertThat(allowed).isEqualTo(15);
    }

    @Test
    void finalStatusesNeverMoveAgain() {
        for (PaymentStatus s : EnumSet.of(SUCCEEDED, FAILED, CANCELED)) {
            assertThat(s.isFinal()).isTrue();
            for (PaymentStatus to : PaymentStatus.values()) {
                assertThat(PaymentStateMachine.allows(s, to)).isFalse();
            }
        }
    }

    @Test
    void eachOutcomeAnnouncesItsEventAndProcessingAnnouncesNone() {
        assertThat(PaymentStateMachine.eventType(PROCESSING, SUCCEEDED)).isEqualTo("payment.succeeded");
        assertThat(PaymentStateMachine.eventType(PROCESSING, FAILED)).isEqualTo("payment.failed");
        assertThat(PaymentStateMachine.eventType(REQUIRES_CAPTURE, CANCELED)).isEqualTo("payment.canceled");
        assertThat(PaymentStateMachine.eventType(PROCESSING, REQUIRES_REVIEW)).isEqualTo("payment.requires_review");
        assertThat(PaymentStateMachine.eventType(PROCESSING, REQUIRES_CAPTURE)).isEqualTo("payment.requires_capture");
        assertThat(PaymentStateMachine.eventType(REQUIRES_CONFIRMATION, PROCESSING)).isNull();
        assertThat(PaymentStateMachine.eventType(PROCESSING, PROCESSING)).isNull();
        assertThat(PaymentStateMachine.eventType(PROCESSING, REQUIRES_CONFIRMATION)).isNull();
    }
}

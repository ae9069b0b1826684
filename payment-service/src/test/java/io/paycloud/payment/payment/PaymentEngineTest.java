package io.paycloud.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.payment.PaymentTestSupport;

/**
 * The transition applier driven row by row from the {@link Lifecycle} table, on the real repository:
 * the steps are scripted to end with each outcome, and the stored payment and its events must be what
 * the row says. Every (status, operation) the table does not start is refused without a write.
 */
class PaymentEngineTest extends PaymentTestSupport {

    private static final long AMOUNT = 10_00;

    @Autowired
    PaymentRepository payments;
    @Autowired
    PaymentProperties properties;

    /** Steps that end as told, one outcome per call, and remember which operation each call ran. */
    static final class ScriptedSteps extends PaymentSteps {

        final Deque<Outcome> outcomes = new ArrayDeque<>();
        final List<Operation> ran = new ArrayList<>();

        ScriptedSteps(PaymentProperties properties, Outcome... outcomes) {
            super(null, null, properties);
            this.outcomes.addAll(List.of(outcomes));
        }

        @Override
        Result perform(Payment p) {
            return next(p);
        }

        @Override
        Result resume(Payment p) {
            return next(p);
        }

        private Result next(Payment p) {
            ran.add(p.operation());
            Outcome outcome = outcomes.removeFirst();
            return outcome == Outcome.ABORTED
                    ? Result.aborted(new ServiceUnavailableException("account-service", "scripted"))
                    : Result.of(outcome, s -> s);
        }
    }

    @Test
    void everyRowOfTheTableMovesThePaymentAsItSays() {
        World w = world(100_00, 0);
        for (Lifecycle.Transition t : Lifecycle.table()) {
            boolean manual = t.operation() == Operation.AUTHORIZE || t.from() == PaymentStatus.REQUIRES_CAPTURE;
            Payment p = resting(w, t.from(), manual);
            // a ledger operation from requires_confirmation follows risk's approval; it is never started alone
            boolean afterApproval = !Lifecycle.allows(t.from(), t.operation());
            ScriptedSteps steps = afterApproval ? new ScriptedSteps(properties, Outcome.SUCCESS, t.outcome())
                    : t.continues() ? new ScriptedSteps(properties, t.outcome(), Outcome.UNKNOWN)
                    : new ScriptedSteps(properties, t.outcome());
            Operation begun = afterApproval ? Operation.ASSESS : t.operation();
            PaymentEngine engine = new PaymentEngine(payments, steps, risk);
            Long capture = t.operation() == Operation.CAPTURE ? AMOUNT : null;

            if (t.outcome() == Outcome.ABORTED) {
                assertThatThrownBy(() -> engine.start(p, begun, capture, "refused")).as("%s", t)
                        .isInstanceOf(ServiceUnavailableException.class);
            } else {
                engine.start(p, begun, capture, "refused");
            }

            Payment now = payments.find(p.id()).orElseThrow();
            assertThat(steps.outcomes).as("%s ran every scripted step", t).isEmpty();
            if (t.continues()) {
                // approved: the ledger operation for the capture method is under way from where confirm began
                assertThat(steps.ran).as("%s", t).containsExactly(Operation.ASSESS, Operation.authorizationFor(p));
                assertThat(now.status()).isEqualTo(PaymentStatus.PROCESSING);
                assertThat(now.operation()).isEqualTo(Operation.authorizationFor(p));
                assertThat(now.state().operationFrom()).isEqualTo(t.from());
            } else if (t.to() == PaymentStatus.PROCESSING) {
                assertThat(now.status()).as("%s", t).isEqualTo(PaymentStatus.PROCESSING);
                assertThat(now.operation()).as("%s keeps its operation for the janitor", t).isEqualTo(t.operation());
                assertThat(now.state().operationFrom()).as("%s", t).isEqualTo(t.from());
            } else {
                assertThat(now.status()).as("%s", t).isEqualTo(t.to());
                assertThat(now.operation()).as("%s rests with no operation", t).isNull();
                assertThat(now.state().operationFrom()).isNull();
            }
            assertThat(events(p.id())).as("%s", t).isEqualTo(t.event() == null ? List.of("payment.created")
                    : List.of("payment.created", t.event()));
        }
    }

    @Test
    void everyOperationTheTableDoesNotStartIsRefusedAndWritesNothing() {
        World w = world(100_00, 0);
        for (PaymentStatus from : PaymentStatus.values()) {
            for (Operation op : Operation.values()) {
                if (Lifecycle.allows(from, op)) {
                    continue;
                }
                Payment p = from == PaymentStatus.PROCESSING
                        ? payments.transition(resting(w, PaymentStatus.REQUIRES_CAPTURE, true),
                                capturable().inFlight(Operation.CAPTURE, PaymentStatus.REQUIRES_CAPTURE, AMOUNT), null)
                                .orElseThrow()
                        : resting(w, from, op == Operation.AUTHORIZE);
                ScriptedSteps steps = new ScriptedSteps(properties, Outcome.SUCCESS);
                PaymentEngine engine = new PaymentEngine(payments, steps, risk);
                assertThatThrownBy(() -> engine.start(p, op, null, "refused"))
                        .as("%s %s", from.wire(), op.wire())
                        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("refused"));
                assertThat(steps.ran).isEmpty();
                Payment now = payments.find(p.id()).orElseThrow();
                assertThat(now.version()).as("%s %s wrote", from.wire(), op.wire()).isEqualTo(p.version());
                assertThat(now.state()).isEqualTo(p.state());
                assertThat(events(p.id())).containsExactly("payment.created");
            }
        }
    }

    @Test
    void aResumedOperationNeverGoesBackOnlyForward() {
        World w = world(100_00, 0);
        for (Lifecycle.Transition b : Lifecycle.inFlight()) {
            for (Outcome outcome : Outcome.values()) {
                if (b.operation() == Operation.ASSESS && outcome == Outcome.ABORTED) {
                    continue; // risk steps take the fallback instead of aborting
                }
                boolean manual = b.operation() == Operation.AUTHORIZE || b.from() == PaymentStatus.REQUIRES_CAPTURE;
                Payment resting = resting(w, b.from(), manual);
                Payment inFlight = payments.transition(resting, resting.state().inFlight(b.operation(), b.from(),
                        b.operation() == Operation.CAPTURE ? AMOUNT : null), null).orElseThrow();
                boolean approval = b.operation() == Operation.ASSESS && outcome == Outcome.SUCCESS;
                ScriptedSteps steps = approval ? new ScriptedSteps(properties, outcome, Outcome.SUCCESS)
                        : new ScriptedSteps(properties, outcome);
                Payment after = new PaymentEngine(payments, steps, risk).resume(inFlight);
                Payment now = payments.find(inFlight.id()).orElseThrow();
                assertThat(after.status()).isEqualTo(now.status());
                String what = b.from().wire() + " " + b.operation().wire() + " resumed " + outcome;
                if (outcome == Outcome.ABORTED || outcome == Outcome.UNKNOWN && b.operation() != Operation.ASSESS) {
                    // whoever called was told processing: it stays so, untouched, for the next pass
                    assertThat(now.status()).as(what).isEqualTo(PaymentStatus.PROCESSING);
                    assertThat(now.operation()).as(what).isEqualTo(b.operation());
                    assertThat(now.version()).as(what).isEqualTo(inFlight.version());
                    assertThat(events(now.id())).containsExactly("payment.created");
                } else {
                    assertThat(now.status()).as(what).isNotIn(b.from(), PaymentStatus.PROCESSING);
                    assertThat(now.operation()).as(what).isNull();
                }
            }
        }
    }

    @Test
    void aStaleRequestLosesToTheOperationThatMovedThePaymentFirst() {
        World w = world(100_00, 0);
        Payment held = resting(w, PaymentStatus.REQUIRES_CAPTURE, true);
        new PaymentEngine(payments, new ScriptedSteps(properties, Outcome.SUCCESS), risk)
                .start(held, Operation.CANCEL, null, "refused");
        ScriptedSteps late = new ScriptedSteps(properties, Outcome.SUCCESS);
        assertThatThrownBy(() -> new PaymentEngine(payments, late, risk).start(held, Operation.CAPTURE, AMOUNT, "refused"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getMessage()).contains("changed meanwhile").contains("canceled"));
        assertThat(late.ran).isEmpty();
        assertThat(payments.find(held.id()).orElseThrow().status()).isEqualTo(PaymentStatus.CANCELED);

        // the same operation already under way: the second call shows it instead of starting it again
        Payment other = resting(w, PaymentStatus.REQUIRES_CAPTURE, true);
        new PaymentEngine(payments, new ScriptedSteps(properties, Outcome.UNKNOWN), risk)
                .start(other, Operation.CAPTURE, AMOUNT, "refused");
        ScriptedSteps repeat = new ScriptedSteps(properties, Outcome.SUCCESS);
        Payment shown = new PaymentEngine(payments, repeat, risk).start(other, Operation.CAPTURE, AMOUNT, "refused");
        assertThat(shown.status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(repeat.ran).isEmpty();
    }

    private Payment resting(World w, PaymentStatus status, boolean manual) {
        Instant now = Times.now();
        Payment p = new Payment(new Payment.Terms(Ids.newId("pay"), w.merchant(), w.customer(), w.wallet(),
                w.merchantAccount(), w.feeAccount(), 0, AMOUNT, "CNY", manual ? "manual" : "automatic", null, Map.of(),
                "none", null, null, null, now), Payment.State.initial(now));
        payments.insert(p, null, KeyRecord.NONE);
        if (status == PaymentStatus.REQUIRES_CONFIRMATION) {
            return p;
        }
        Payment.State s = status == PaymentStatus.REQUIRES_CAPTURE ? capturable() : p.state().resting(status);
        return payments.transition(p, s, null).orElseThrow();
    }

    private static Payment.State capturable() {
        return Payment.State.initial(Times.now()).resting(PaymentStatus.REQUIRES_CAPTURE).capturable(AMOUNT);
    }

    private List<String> events(String paymentId) {
        return jdbc.sql("SELECT type FROM event WHERE object_id = ? ORDER BY object_sequence").param(paymentId)
                .query(String.class).list();
    }
}

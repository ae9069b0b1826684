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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.paycloud.common.error.ApiException;

/**
 * The transition table, checked over every (status, operation, outcome) against what the API promises
 * independently of the table: which calls each status accepts, that a final status never moves, and
 * that an operation which surely did nothing leaves the payment where it was.
 */
class LifecycleTest {

    /** What API.md lets merchants and ops start in each status, written out apart from the table. */
    private static final Map<PaymentStatus, Set<Operation>> STARTS = Map.of(
            REQUIRES_CONFIRMATION, Set.of(Operation.ASSESS, Operation.CANCEL),
            REQUIRES_REVIEW, Set.of(Operation.AUTHORIZE, Operation.PURCHASE, Operation.CANCEL, Operation.DECLINE),
            REQUIRES_CAPTURE, Set.of(Operation.CAPTURE, Operation.CANCEL));

    private static final Set<PaymentStatus> FINAL = Set.of(SUCCEEDED, FAILED, CANCELED);

    @Test
    void everyStatusAcceptsExactlyTheOperationsTheApiNames() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (Operation op : Operation.values()) {
                boolean expected = STARTS.getOrDefault(from, Set.of()).contains(op);
                assertThat(Lifecycle.allows(from, op)).as("%s may start %s", from.wire(), op.wire()).isEqualTo(expected);
                if (!expected) {
                    assertThatThrownBy(() -> Lifecycle.check(from, op, "refused"))
                            .isInstanceOfSatisfying(ApiException.class,
                                    e -> assertThat(e.getMessage()).isEqualTo("refused"));
                }
            }
        }
    }

    @Test
    void eachKeyHasOneRowAndNothingLeavesAFinalStatusOrStartsFromProcessing() {
        Set<String> keys = new HashSet<>();
        for (Lifecycle.Transition t : Lifecycle.table()) {
            assertThat(keys.add(t.from() + "/" + t.operation() + "/" + t.outcome())).as("duplicate %s", t).isTrue();
            assertThat(FINAL).as("row from a final status: %s", t).doesNotContain(t.from());
            assertThat(t.from()).as("row from processing: %s", t).isNotEqualTo(PROCESSING);
        }
        for (Lifecycle.Transition b : Lifecycle.inFlight()) {
            assertThat(b.to()).isEqualTo(PROCESSING);
            // an operation run in flight has a row for every outcome a remote step can have
            for (Outcome outcome : Outcome.values()) {
                if (b.operation() == Operation.ASSESS && outcome == Outcome.ABORTED) {
                    continue; // an unreachable risk-service takes the fallback: it is never aborted
                }
                assertThat(Lifecycle.find(b.from(), b.operation(), outcome))
                        .as("%s %s %s", b.from().wire(), b.operation().wire(), outcome).isPresent();
            }
        }
    }

    @Test
    void everyOutcomeEitherHasItsRowOrIsAnEngineFault() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (Operation op : Operation.values()) {
                for (Outcome outcome : Outcome.values()) {
                    var row = Lifecycle.find(from, op, outcome);
                    if (row.isPresent()) {
                        assertThat(Lifecycle.next(from, op, outcome)).isEqualTo(row.get());
                    } else {
                        assertThatThrownBy(() -> Lifecycle.next(from, op, outcome))
                                .isInstanceOf(IllegalStateException.class);
                    }
                }
            }
        }
    }

    @Test
    void anAbortedStepGoesBackWhereItBeganAndAnnouncesNothing() {
        for (Lifecycle.Transition t : Lifecycle.table()) {
            if (t.outcome() == Outcome.ABORTED) {
                assertThat(t.to()).as("%s", t).isEqualTo(t.from());
                assertThat(t.event()).as("%s", t).isNull();
            }
        }
    }

    @Test
    void everyRowAnnouncesTheStatusItReaches() {
        for (Lifecycle.Transition t : Lifecycle.table()) {
            if (t.to() == PROCESSING || t.to() == t.from()) {
                assertThat(t.event()).as("%s", t).isNull();
            } else {
                assertThat(t.event()).as("%s", t).isEqualTo("payment." + t.to().wire());
            }
            // success moves forward; failure fails; unknown waits (janitor, or ops for risk)
            switch (t.outcome()) {
                case FAILURE -> assertThat(t.to()).as("%s", t).isEqualTo(FAILED);
                case UNKNOWN -> assertThat(t.to()).as("%s", t)
                        .isEqualTo(t.operation() == Operation.ASSESS ? REQUIRES_REVIEW : PROCESSING);
                case SUCCESS -> assertThat(t.to()).as("%s", t)
                        .isEqualTo(switch (t.operation()) {
                            case ASSESS -> PROCESSING;
                            case AUTHORIZE -> REQUIRES_CAPTURE;
                            case PURCHASE, CAPTURE -> SUCCEEDED;
                            case CANCEL -> CANCELED;
                            case DECLINE -> FAILED;
                        });
                case ABORTED -> assertThat(t.to()).isEqualTo(t.from());
            }
            assertThat(t.continues()).as("%s", t).isEqualTo(t.operation() == Operation.ASSESS && t.outcome() == Outcome.SUCCESS);
        }
    }

    @Test
    void readmePrintsTheTableAsTheCodeHasIt() throws Exception {
        // README indents the table inside a list item
        String readme = Files.readAllLines(Path.of("..", "README.md")).stream().map(String::strip)
                .collect(Collectors.joining("\n"));
        String table = Lifecycle.markdown();
        assertThat(readme).as("README's life-cycle table; regenerate it from Lifecycle.markdown()").contains(table);
        assertThat(table.lines().count()).isEqualTo(2 + Lifecycle.inFlight().size() + Lifecycle.table().size());
    }
}

package io.paycloud.payment.refund;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.ledger.TransferOrder;
import io.paycloud.payment.support.FakeLedger;
import tools.jackson.databind.JsonNode;

/**
 * Refunds whose ledger outcome was unknown when the merchant got its answer, settled by the janitor from
 * the ledger's deterministic ids: done exactly once whether the ledger had recorded the refund or not,
 * failed (and its reservation on the payment given back) when the ledger refuses it, never undone while
 * the ledger is merely unreachable.
 */
class RefundJanitorTest extends PaymentTestSupport {

    @Autowired
    RefundJanitor janitor;

    /** A payment of 20.00 with a 0.12 fee, captured: the wallet holds 80.00, the merchant 19.88. */
    private String paid(World w) throws Exception {
        JsonNode p = pay(w, 20_00, "\"confirm\":true");
        assertThat(p.path("fee").asLong()).isEqualTo(12);
        return p.path("id").asString();
    }

    private JsonNode refund(World w, String payment) throws Exception {
        return body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + payment + "\"}", null));
    }

    private JsonNode refundNow(World w, String id) throws Exception {
        return body(getJson(w.merchant(), "/v1/refunds/" + id));
    }

    private long refunded(World w, String payment) throws Exception {
        return body(getJson(w.merchant(), "/v1/payments/" + payment)).path("amountRefunded").asLong();
    }

    private long net(String account) {
        FakeLedger.Account a = ledger.account(account);
        return a.creditsPosted - a.debitsPosted;
    }

    private long events(String refundId, String type) {
        return jdbc.sql("SELECT COUNT(*) FROM event WHERE object_id = ? AND type = ?").params(refundId, type)
                .query(Long.class).single();
    }

    /** Past janitor-after (200 ms in these tests), then one janitor pass. */
    private void janitorPass() throws InterruptedException {
        Thread.sleep(300);
        janitor.run();
    }

    @Test
    void aRefundRecordedByTheLedgerWhoseAnswerWasLostIsCompletedOnceWithoutPostingAgain() throws Exception {
        World w = world(100_00, 60);
        String payment = paid(w);
        long fees = net(w.feeAccount());
        ledger.failNext(FakeLedger.Fault.LOST_ANSWER);

        JsonNode r = refund(w, payment);
        String id = r.path("id").asString();
        assertThat(r.path("status").asString()).isEqualTo("pending");
        // the ledger moved the money; only its answer was lost
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        int calls = ledger.calls.get();

        janitorPass();

        JsonNode settled = refundNow(w, id);
        assertThat(settled.path("status").asString()).isEqualTo("succeeded");
        assertThat(settled.path("failureCode").isNull()).isTrue();
        assertThat(ledger.calls.get()).as("settled from a read, nothing sent again").isEqualTo(calls);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        assertThat(ledger.account(w.merchantAccount()).available()).isZero();
        assertThat(net(w.feeAccount())).isEqualTo(fees - 12);
        assertThat(refunded(w, payment)).isEqualTo(20_00);
        assertThat(events(id, "refund.succeeded")).isEqualTo(1);

        janitorPass();
        assertThat(ledger.calls.get()).isEqualTo(calls);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        assertThat(events(id, "refund.succeeded")).isEqualTo(1);
    }

    @Test
    void aRefundTheLedgerNeverSawIsSentAgainByTheJanitorAndMovesMoneyOnce() throws Exception {
        World w = world(100_00, 60);
        String payment = paid(w);
        long fees = net(w.feeAccount());
        ledger.failNext(FakeLedger.Fault.LOST_REQUEST);

        JsonNode r = refund(w, payment);
        String id = r.path("id").asString();
        assertThat(r.path("status").asString()).isEqualTo("pending");
        assertThat(ledger.find(id + ".refund")).isEmpty();
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);

        janitorPass();

        assertThat(refundNow(w, id).path("status").asString()).isEqualTo("succeeded");
        assertThat(ledger.transfers()).containsKeys(id + ".refund", id + ".fee");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        assertThat(ledger.account(w.merchantAccount()).available()).isZero();
        assertThat(net(w.feeAccount())).isEqualTo(fees - 12);
        janitorPass();
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        assertThat(refunded(w, payment)).isEqualTo(20_00);
        assertThat(events(id, "refund.succeeded")).isEqualTo(1);
    }

    @Test
    void aRefundTheLedgerRefusesWhenTheJanitorSendsItIsFailedAndTheReservationGivenBack() throws Exception {
        World w = world(100_00, 60);
        String payment = paid(w);
        long fees = net(w.feeAccount());
        ledger.failNext(FakeLedger.Fault.LOST_REQUEST);
        String id = refund(w, payment).path("id").asString();
        // meanwhile the merchant's balance is paid out
        String bank = Ids.newId("acc");
        ledger.open(bank, false);
        ledger.transfer(TransferOrder.single("payout-" + id, w.merchantAccount(), bank, 19_00, "CNY"));

        janitorPass();

        JsonNode settled = refundNow(w, id);
        assertThat(settled.path("status").asString()).isEqualTo("failed");
        assertThat(settled.path("failureCode").asString()).isEqualTo("insufficient_funds");
        assertThat(ledger.find(id + ".fee")).as("the fee reversal failed with its partner").isEmpty();
        assertThat(net(w.feeAccount())).isEqualTo(fees);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);
        assertThat(refunded(w, payment)).as("the reservation is given back").isZero();
        assertThat(events(id, "refund.failed")).isEqualTo(1);
    }

    @Test
    void aLedgerStillUnreachableForTheJanitorLeavesTheRefundPendingForTheNextPass() throws Exception {
        World w = world(100_00, 60);
        String payment = paid(w);
        ledger.failNext(FakeLedger.Fault.LOST_REQUEST);
        String id = refund(w, payment).path("id").asString();

        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        janitorPass();
        assertThat(refundNow(w, id).path("status").asString()).isEqualTo("pending");
        assertThat(refunded(w, payment)).as("still reserved: the refund may yet happen").isEqualTo(20_00);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);

        janitorPass();
        assertThat(refundNow(w, id).path("status").asString()).isEqualTo("succeeded");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
    }

    @Test
    void aRefundTheLedgerNeverRecordedIsFailedOnceTheJanitorGivesUp() throws Exception {
        World w = world(100_00, 60);
        String payment = paid(w);
        ledger.failNext(FakeLedger.Fault.LOST_REQUEST);
        String id = refund(w, payment).path("id").asString();
        jdbc.sql("UPDATE refund SET created_at = ? WHERE id = ?")
                .params(Times.db(Times.now().minus(Duration.ofHours(2))), id).update();
        int calls = ledger.calls.get();

        janitorPass();

        JsonNode settled = refundNow(w, id);
        assertThat(settled.path("status").asString()).isEqualTo("failed");
        assertThat(ledger.calls.get()).as("nothing sent when giving up").isEqualTo(calls);
        assertThat(ledger.find(id + ".refund")).isEmpty();
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);
        assertThat(refunded(w, payment)).isZero();
    }
}

package io.paycloud.payment.refund;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.FakeLedger;
import tools.jackson.databind.JsonNode;

class RefundTest extends PaymentTestSupport {

    @Test
    void partialRefundsReverseTheFeeProRataAndTheLastReturnsExactlyWhatIsLeft() throws Exception {
        World w = world(100_00, 60);
        JsonNode p = pay(w, 33_33, "\"confirm\":true");
        long fee = p.path("fee").asLong(); // 60 bps of 33.33 = 0.19998 -> 20
        assertThat(fee).isEqualTo(20);
        String id = p.path("id").asString();
        long feesBefore = ledger.account(w.feeAccount()).creditsPosted - ledger.account(w.feeAccount()).debitsPosted;

        JsonNode r1 = body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":1000}", null));
        assertThat(r1.path("status").asString()).isEqualTo("succeeded");
        JsonNode r2 = body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":1000}", null));
        assertThat(r2.path("status").asString()).isEqualTo("succeeded");
        JsonNode last = body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"reason\":\"duplicate\"}", null));
        assertThat(last.path("amount").asLong()).isEqualTo(13_33);
        assertThat(last.path("reason").asString()).isEqualTo("duplicate");

        // the customer has everything back, the platform gave back the whole fee, the merchant is at zero
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        long feesAfter = ledger.account(w.feeAccount()).creditsPosted - ledger.account(w.feeAccount()).debitsPosted;
        assertThat(feesBefore - feesAfter).isEqualTo(fee);
        assertThat(ledger.account(w.merchantAccount()).available()).isZero();

        JsonNode payment = body(getJson(w.merchant(), "/v1/payments/" + id));
        assertThat(payment.path("amountRefunded").asLong()).isEqualTo(33_33);
        MvcResult more = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":1}", null);
        assertThat(more.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(more).path("param").asString()).isEqualTo("amount");
    }

    @Test
    void refundLargerThanCapturedIsRejectedAndWritesNothing() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 10_00, "\"confirm\":true").path("id").asString();
        long before = rows("refund");
        MvcResult r = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":1001}", null);
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).path("param").asString()).isEqualTo("amount");
        MvcResult zero = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":0}", null);
        assertThat(zero.getResponse().getStatus()).isEqualTo(400);
        MvcResult reason = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"reason\":\"bored\"}", null);
        assertThat(body(reason).path("param").asString()).isEqualTo("reason");
        assertThat(rows("refund")).isEqualTo(before);
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("amountRefunded").asLong()).isZero();
    }

    @Test
    void onlySucceededPaymentsCanBeRefunded() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 10_00, "\"confirm\":true,\"captureMethod\":\"manual\"").path("id").asString();
        MvcResult r = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\"}", null);
        assertThat(r.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(r).path("code").asString()).isEqualTo("state_invalid");
        World other = world(100_00, 60);
        String succeeded = pay(w, 1_00, "\"confirm\":true").path("id").asString();
        MvcResult foreign = postJson(other.merchant(), "/v1/refunds", "{\"payment\":\"" + succeeded + "\"}", null);
        assertThat(foreign.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(foreign).path("param").asString()).isEqualTo("payment");
    }

    @Test
    void refundFailsCleanlyWhenTheMerchantBalanceIsShort() throws Exception {
        World w = world(100_00, 0);
        String id = pay(w, 50_00, "\"confirm\":true").path("id").asString();
        // the merchant's balance goes elsewhere (a payout), leaving too little to refund
        ledger.transfer(io.paycloud.payment.ledger.TransferOrder.single("payout-" + id, w.merchantAccount(),
                w.feeAccount(), 45_00, "CNY"));
        JsonNode r = body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\"}", null));
        assertThat(r.path("status").asString()).isEqualTo("failed");
        assertThat(r.path("failureCode").asString()).isEqualTo("insufficient_funds");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(50_00);
        // the reservation was given back: a smaller refund still works
        JsonNode small = body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":500}", null));
        assertThat(small.path("status").asString()).isEqualTo("succeeded");
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("amountRefunded").asLong()).isEqualTo(5_00);
    }

    @Test
    void concurrentRefundsNeverExceedWhatWasCaptured() throws Exception {
        World w = world(1_000_00, 60);
        String id = pay(w, 100_00, "\"confirm\":true").path("id").asString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<MvcResult>> results = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            results.add(pool.submit(() -> postJson(w.merchant(), "/v1/refunds",
                    "{\"payment\":\"" + id + "\",\"amount\":1000}", null)));
        }
        int succeeded = 0;
        for (Future<MvcResult> f : results) {
            MvcResult r = f.get();
            if (r.getResponse().getStatus() == 201) {
                assertThat(body(r).path("status").asString()).isEqualTo("succeeded");
                succeeded++;
            } else {
                assertThat(r.getResponse().getStatus()).isEqualTo(400);
            }
        }
        pool.shutdown();
        assertThat(succeeded).isEqualTo(10);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(1_000_00);
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("amountRefunded").asLong()).isEqualTo(100_00);
    }

    @Test
    void ledgerDownMeansNoRefundAndTheRetryWorks() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 10_00, "\"confirm\":true").path("id").asString();
        long before = rows("refund");
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        MvcResult down = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\"}", null);
        assertThat(down.getResponse().getStatus()).isEqualTo(503);
        assertThat(rows("refund")).isEqualTo(before);
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("amountRefunded").asLong()).isZero();
        JsonNode retried = body(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\"}", null));
        assertThat(retried.path("status").asString()).isEqualTo("succeeded");
        JsonNode list = body(getJson(w.merchant(), "/v1/refunds?payment=" + id));
        assertThat(list.path("data")).hasSize(1);
    }
}

package io.paycloud.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.FakeLedger;
import tools.jackson.databind.JsonNode;

class PaymentLifecycleTest extends PaymentTestSupport {

    @Autowired
    PaymentJanitor janitor;

    @Test
    void automaticCaptureChargesTheCustomerOnceAndTakesTheFee() throws Exception {
        World w = world(100_00, 60);
        JsonNode p = pay(w, 50_00, "\"confirm\":true");
        assertThat(p.path("status").asString()).isEqualTo("succeeded");
        assertThat(p.path("amountCaptured").asLong()).isEqualTo(50_00);
        assertThat(p.path("fee").asLong()).isEqualTo(30); // 60 bps of 50.00
        assertThat(p.path("riskDecision").asString()).isEqualTo("approve");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(50_00);
        assertThat(ledger.account(w.merchantAccount()).available()).isEqualTo(50_00 - 30);
        assertThat(ledger.account(w.wallet()).debitsPending).isZero();
        assertThat(risk.outcomes).anyMatch(o -> o.payment().equals(p.path("id").asString()));
    }

    @Test
    void createThenConfirmMovesThroughTheStatuses() throws Exception {
        World w = world(100_00, 0);
        JsonNode created = pay(w, 10_00, null);
        assertThat(created.path("status").asString()).isEqualTo("requires_confirmation");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        String id = created.path("id").asString();
        MvcResult confirmed = postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, null);
        assertThat(confirmed.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(confirmed).path("status").asString()).isEqualTo("succeeded");
        assertThat(body(confirmed).path("fee").asLong()).isZero();
        MvcResult again = postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, null);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(again).path("code").asString()).isEqualTo("state_invalid");
    }

    @Test
    void aPaymentConfirmedAtCreationIsWrittenTwiceWhateverRiskDecides() throws Exception {
        World w = world(100_00, 60);
        // approved: inserted with its purchase in flight, then settled
        JsonNode approved = pay(w, 10_00, "\"confirm\":true");
        assertThat(approved.path("status").asString()).isEqualTo("succeeded");
        assertWrittenTwice(approved.path("id").asString(), "payment.created", "payment.succeeded");

        // declined and sent to review: inserted once in that status, the ledger never asked
        String blocked = risk.block("customer", w.customer());
        int calls = ledger.calls.get();
        JsonNode declined = pay(w, 10_00, "\"confirm\":true");
        assertThat(declined.path("status").asString()).isEqualTo("failed");
        assertWrittenTwice(declined.path("id").asString(), "payment.created", "payment.failed");
        risk.unblock(blocked);
        risk.down = true;
        JsonNode review = pay(w, 10_00, "\"confirm\":true");
        assertThat(review.path("status").asString()).isEqualTo("requires_review");
        assertWrittenTwice(review.path("id").asString(), "payment.created", "payment.requires_review");
        assertThat(ledger.calls.get()).isEqualTo(calls);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(90_00);
    }

    @Test
    void aLedgerDownAtCreationIs503AndTheKeyedRetryConfirmsTheSamePayment() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":1500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        MvcResult down = postJson(w.merchant(), "/v1/payments", body, "key-" + w.customer());
        assertThat(down.getResponse().getStatus()).isEqualTo(503);
        assertThat(body(down).path("code").asString()).isEqualTo("service_unavailable");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        String id = jdbc.sql("SELECT id FROM payment WHERE customer_id = ?").param(w.customer()).query(String.class).single();
        assertThat(jdbc.sql("SELECT status FROM payment WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("requires_confirmation");

        MvcResult retried = postJson(w.merchant(), "/v1/payments", body, "key-" + w.customer());
        assertThat(retried.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(retried).path("id").asString()).isEqualTo(id);
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(85_00);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE customer_id = ?").param(w.customer())
                .query(Long.class).single()).isEqualTo(1);
    }

    /** Each write of a payment bumps its version and announces at most one event. */
    private void assertWrittenTwice(String id, String... events) {
        assertThat(jdbc.sql("SELECT version FROM payment WHERE id = ?").param(id).query(Integer.class).single())
                .as("writes of %s", id).isEqualTo(2);
        assertThat(jdbc.sql("SELECT type FROM event WHERE object_id = ? ORDER BY object_sequence").param(id)
                .query(String.class).list()).containsExactly(events);
        assertThat(jdbc.sql("SELECT object_sequence FROM event WHERE object_id = ? ORDER BY object_sequence")
                .param(id).query(Integer.class).list()).containsExactly(1, 2);
    }

    @Test
    void partialManualCaptureReleasesTheRest() throws Exception {
        World w = world(100_00, 100);
        JsonNode p = pay(w, 80_00, "\"confirm\":true,\"captureMethod\":\"manual\"");
        assertThat(p.path("status").asString()).isEqualTo("requires_capture");
        assertThat(p.path("amountCapturable").asLong()).isEqualTo(80_00);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(20_00);

        String id = p.path("id").asString();
        MvcResult tooMuch = postJson(w.merchant(), "/v1/payments/" + id + "/capture", "{\"amountToCapture\":8001}", null);
        assertThat(tooMuch.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(tooMuch).path("param").asString()).isEqualTo("amountToCapture");

        JsonNode captured = body(postJson(w.merchant(), "/v1/payments/" + id + "/capture", "{\"amountToCapture\":5000}", null));
        assertThat(captured.path("status").asString()).isEqualTo("succeeded");
        assertThat(captured.path("amountCaptured").asLong()).isEqualTo(50_00);
        assertThat(captured.path("amountCapturable").asLong()).isZero();
        assertThat(captured.path("fee").asLong()).isEqualTo(50);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(50_00);
        assertThat(ledger.account(w.wallet()).debitsPending).isZero();
    }

    @Test
    void cancelReleasesTheHoldAndCannotBeCapturedAfter() throws Exception {
        World w = world(100_00, 60);
        JsonNode p = pay(w, 30_00, "\"confirm\":true,\"captureMethod\":\"manual\"");
        String id = p.path("id").asString();
        JsonNode canceled = body(postJson(w.merchant(), "/v1/payments/" + id + "/cancel", null, null));
        assertThat(canceled.path("status").asString()).isEqualTo("canceled");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        MvcResult capture = postJson(w.merchant(), "/v1/payments/" + id + "/capture", null, null);
        assertThat(capture.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(capture).path("code").asString()).isEqualTo("state_invalid");
    }

    @Test
    void insufficientFundsFailsWithoutMovingMoney() throws Exception {
        World w = world(10_00, 60);
        JsonNode p = pay(w, 10_01, "\"confirm\":true");
        assertThat(p.path("status").asString()).isEqualTo("failed");
        assertThat(p.path("failureCode").asString()).isEqualTo("insufficient_funds");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(10_00);
        assertThat(ledger.account(w.merchantAccount()).creditsPosted).isZero();
    }

    @Test
    void riskDeclineFailsAndReviewWaitsForOps() throws Exception {
        World w = world(100_00, 60);
        String blocked = risk.block("customer", w.customer());
        JsonNode declined = pay(w, 10_00, "\"confirm\":true");
        assertThat(declined.path("status").asString()).isEqualTo("failed");
        assertThat(declined.path("failureCode").asString()).isEqualTo("risk_declined");
        risk.unblock(blocked);

        // as ops would: this merchant's payments above 1.00 CNY go to review
        risk.rule("amount_limit", "review", Map.of("merchant", w.merchant(), "currency", "CNY", "maxAmount", 1_00));
        JsonNode review = pay(w, 20_00, "\"confirm\":true");
        assertThat(review.path("status").asString()).isEqualTo("requires_review");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        JsonNode approved = body(postJson(null, "/v1/payments/" + review.path("id").asString() + "/review",
                "{\"decision\":\"approve\"}", null));
        assertThat(approved.path("status").asString()).isEqualTo("succeeded");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);

        JsonNode review2 = pay(w, 5_00, "\"confirm\":true");
        JsonNode declinedByOps = body(postJson(null, "/v1/payments/" + review2.path("id").asString() + "/review",
                "{\"decision\":\"decline\"}", null));
        assertThat(declinedByOps.path("status").asString()).isEqualTo("failed");
        assertThat(declinedByOps.path("failureCode").asString()).isEqualTo("review_declined");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);
    }

    @Test
    void aKycDeclineFailsThePaymentUnderItsOwnCodeWithoutTouchingTheWallet() throws Exception {
        World w = world(60_000_00, 60);
        // risk-service's default rules: from 5,000.00 CNY an unverified customer must verify; above 50,000.00
        // CNY a payment is declined whoever pays, and a decline for more than KYC is risk_declined
        JsonNode kyc = pay(w, 5_000_00, "\"confirm\":true");
        JsonNode other = pay(w, 50_000_01, "\"confirm\":true");
        String id = kyc.path("id").asString();
        assertThat(kyc.path("status").asString()).isEqualTo("failed");
        assertThat(kyc.path("failureCode").asString()).isEqualTo("kyc_required");
        assertThat(kyc.path("failureMessage").asString()).contains("real-name verification");
        assertThat(kyc.path("riskDecision").asString()).isEqualTo("decline");
        assertThat(kyc.path("amountCaptured").asLong()).isZero();
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("status").asString()).isEqualTo("failed");
        assertThat(other.path("status").asString()).isEqualTo("failed");
        assertThat(other.path("failureCode").asString()).isEqualTo("risk_declined");
        // declined before the ledger: no hold was ever placed
        assertThat(ledger.transfers()).doesNotContainKeys(id + ".auth", id + ".capture", id + ".fee");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(60_000_00);
        assertThat(ledger.account(w.wallet()).debitsPending).isZero();
        assertThat(ledger.account(w.merchantAccount()).creditsPending).isZero();
    }

    @Test
    void unavailableRiskNeverApprovesButSendsToReview() throws Exception {
        World w = world(100_00, 60);
        risk.down = true;
        JsonNode p = pay(w, 10_00, "\"confirm\":true");
        assertThat(p.path("status").asString()).isEqualTo("requires_review");
        assertThat(p.path("riskDecision").asString()).isEqualTo("review");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
    }

    @Test
    void ledgerDownAtConfirmIs503AndLeavesNothingHalfDone() throws Exception {
        World w = world(100_00, 60);
        JsonNode created = pay(w, 10_00, null);
        String id = created.path("id").asString();
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        MvcResult r = postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, null);
        assertThat(r.getResponse().getStatus()).isEqualTo(503);
        assertThat(body(r).path("code").asString()).isEqualTo("service_unavailable");
        JsonNode now = body(getJson(w.merchant(), "/v1/payments/" + id));
        assertThat(now.path("status").asString()).isEqualTo("requires_confirmation");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        // after recovery the same confirm goes through
        JsonNode retried = body(postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, null));
        assertThat(retried.path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void lostLedgerAnswerLeavesProcessingAndTheJanitorFinishesWithoutDoubleCharge() throws Exception {
        World w = world(100_00, 60);
        // hold, capture and fee go as one linked batch: it is recorded, its answer lost
        ledger.failNext(FakeLedger.Fault.LOST_ANSWER);
        JsonNode p = pay(w, 40_00, "\"confirm\":true");
        assertThat(p.path("status").asString()).isEqualTo("processing");
        assertThat(ledger.account(w.wallet()).debitsPosted).isEqualTo(40_00);

        Thread.sleep(300);
        janitor.run();
        JsonNode settled = body(getJson(w.merchant(), "/v1/payments/" + p.path("id").asString()));
        assertThat(settled.path("status").asString()).isEqualTo("succeeded");
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(60_00);
        assertThat(ledger.account(w.wallet()).debitsPosted).isEqualTo(40_00);
        assertThat(ledger.account(w.merchantAccount()).available()).isEqualTo(40_00 - 24);
        // running the janitor again changes nothing
        Thread.sleep(300);
        janitor.run();
        assertThat(ledger.account(w.wallet()).debitsPosted).isEqualTo(40_00);
    }

    @Test
    void aHoldLeftByAnEarlierRunIsPostedOnceNotPlacedAgain() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 30_00, null).path("id").asString();
        // a run of this payment that died after its hold (the hold alone, as the separate steps make it)
        ledger.transfer(io.paycloud.payment.ledger.TransferOrder.hold(id + ".auth", w.wallet(), w.merchantAccount(),
                30_00, "CNY", 600));
        JsonNode confirmed = body(postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, null));
        assertThat(confirmed.path("status").asString()).isEqualTo("succeeded");
        assertThat(confirmed.path("amountCaptured").asLong()).isEqualTo(30_00);
        assertThat(ledger.account(w.wallet()).debitsPosted).isEqualTo(30_00);
        assertThat(ledger.account(w.wallet()).debitsPending).isZero();
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(70_00);
        assertThat(ledger.account(w.merchantAccount()).available()).isEqualTo(30_00 - 18);
    }

    @Test
    void anExpiredHoldFromAnEarlierRunFailsThePaymentWithoutCharging() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 30_00, null).path("id").asString();
        ledger.transfer(io.paycloud.payment.ledger.TransferOrder.hold(id + ".auth", w.wallet(), w.merchantAccount(),
                30_00, "CNY", 600));
        ledger.transfer(io.paycloud.payment.ledger.TransferOrder.release(id + ".expired", id + ".auth"));
        JsonNode confirmed = body(postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, null));
        assertThat(confirmed.path("status").asString()).isEqualTo("failed");
        assertThat(ledger.account(w.wallet()).debitsPosted).isZero();
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
        assertThat(ledger.transfers()).doesNotContainKeys(id + ".capture", id + ".fee");
    }

    @Test
    void lostCaptureAnswerIsSettledFromTheLedger() throws Exception {
        World w = world(100_00, 60);
        JsonNode p = pay(w, 20_00, "\"captureMethod\":\"manual\",\"confirm\":true");
        ledger.failNext(FakeLedger.Fault.LOST_ANSWER);
        JsonNode capture = body(postJson(w.merchant(), "/v1/payments/" + p.path("id").asString() + "/capture", null, null));
        assertThat(capture.path("status").asString()).isEqualTo("processing");
        Thread.sleep(300);
        janitor.run();
        JsonNode settled = body(getJson(w.merchant(), "/v1/payments/" + p.path("id").asString()));
        assertThat(settled.path("status").asString()).isEqualTo("succeeded");
        assertThat(settled.path("amountCaptured").asLong()).isEqualTo(20_00);
        assertThat(settled.path("fee").asLong()).isEqualTo(12);
        assertThat(ledger.account(w.wallet()).debitsPosted).isEqualTo(20_00);
    }

    @Test
    void anotherMerchantsPaymentIsNotFound() throws Exception {
        World w = world(100_00, 60);
        World other = world(100_00, 60);
        String id = pay(w, 1_00, null).path("id").asString();
        MvcResult r = getJson(other.merchant(), "/v1/payments/" + id);
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(r).path("code").asString()).isEqualTo("resource_missing");
        MvcResult confirm = postJson(other.merchant(), "/v1/payments/" + id + "/confirm", null, null);
        assertThat(confirm.getResponse().getStatus()).isEqualTo(404);
        MvcResult missing = getJson(w.merchant(), "/v1/payments/pay_01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertThat(body(missing).path("code").asString()).isEqualTo("resource_missing");
    }

    @Test
    void badInputIsRefusedAndWritesNothing() throws Exception {
        World w = world(100_00, 60);
        long before = rows("payment");
        String c = w.customer();
        List<String[]> cases = List.of(
                new String[] {"{\"amount\":10.5,\"currency\":\"CNY\",\"customer\":\"" + c + "\"}", "amount"},
                new String[] {"{\"amount\":\"10\",\"currency\":\"CNY\",\"customer\":\"" + c + "\"}", "amount"},
                new String[] {"{\"amount\":0,\"currency\":\"CNY\",\"customer\":\"" + c + "\"}", "amount"},
                new String[] {"{\"amount\":-5,\"currency\":\"CNY\",\"customer\":\"" + c + "\"}", "amount"},
                new String[] {"{\"amount\":100000000000,\"currency\":\"CNY\",\"customer\":\"" + c + "\"}", "amount"},
                new String[] {"{\"amount\":100,\"currency\":\"XXX\",\"customer\":\"" + c + "\"}", "currency"},
                new String[] {"{\"amount\":100,\"currency\":\"cny\",\"customer\":\"" + c + "\"}", "currency"},
                new String[] {"{\"amount\":100,\"currency\":\"USD\",\"customer\":\"" + c + "\"}", "currency"},
                new String[] {"{\"amount\":100,\"currency\":\"CNY\"}", "customer"},
                new String[] {"{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + c + "\",\"captureMethod\":\"later\"}",
                        "captureMethod"});
        for (String[] k : cases) {
            MvcResult r = postJson(w.merchant(), "/v1/payments", k[0], null);
            assertThat(r.getResponse().getStatus()).as(k[0]).isEqualTo(400);
            assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
            assertThat(body(r).path("param").asString()).as(k[0]).isEqualTo(k[1]);
        }
        MvcResult broken = postJson(w.merchant(), "/v1/payments", "{\"amount\":", null);
        assertThat(body(broken).path("code").asString()).isEqualTo("json_invalid");
        MvcResult unknownCustomer = postJson(w.merchant(), "/v1/payments",
                "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"cus_01ARZ3NDEKTSV4RRFFQ69G5FAV\"}", null);
        assertThat(unknownCustomer.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(unknownCustomer).path("param").asString()).isEqualTo("customer");
        assertThat(rows("payment")).isEqualTo(before);
    }

    @Test
    void eventsFollowThePaymentInOrder() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 7_00, "\"confirm\":true").path("id").asString();
        JsonNode events = body(getJson(w.merchant(), "/v1/events?limit=100"));
        List<String> types = new ArrayList<>();
        long last = 0;
        for (JsonNode e : events.path("data")) {
            assertThat(e.path("sequence").asLong()).isGreaterThan(last);
            last = e.path("sequence").asLong();
            if (e.path("data").path("object").path("id").asString().equals(id)) {
                types.add(e.path("type").asString());
            }
        }
        assertThat(types).containsExactly("payment.created", "payment.succeeded");
    }

    @Test
    void listIsNewestFirstWithCursor() throws Exception {
        World w = world(100_00, 60);
        String a = pay(w, 1_00, null).path("id").asString();
        String b = pay(w, 2_00, null).path("id").asString();
        String c = pay(w, 3_00, null).path("id").asString();
        JsonNode first = body(getJson(w.merchant(), "/v1/payments?limit=2"));
        assertThat(first.path("hasMore").asBoolean()).isTrue();
        assertThat(first.path("data").get(0).path("id").asString()).isEqualTo(c);
        assertThat(first.path("data").get(1).path("id").asString()).isEqualTo(b);
        JsonNode second = body(getJson(w.merchant(), "/v1/payments?limit=2&startingAfter=" + b));
        assertThat(second.path("hasMore").asBoolean()).isFalse();
        assertThat(second.path("data").get(0).path("id").asString()).isEqualTo(a);
        MvcResult badLimit = getJson(w.merchant(), "/v1/payments?limit=0");
        assertThat(body(badLimit).path("param").asString()).isEqualTo("limit");
    }
}

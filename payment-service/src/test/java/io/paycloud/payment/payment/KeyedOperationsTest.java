package io.paycloud.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.time.Times;
import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.Commits;
import io.paycloud.payment.support.FakeLedger;
import tools.jackson.databind.JsonNode;

/**
 * The keyed requests that move money after a payment is created (confirm, capture, cancel, refund)
 * record their {@code Idempotency-Key} in their own transactions, as a payment's creation does: two
 * commits for an operation that runs in flight, and a run of the same request again after the first
 * failed on our side or died half-way carries on with what that run made. A refund is never made twice.
 */
@Import(Commits.Counting.class)
class KeyedOperationsTest extends PaymentTestSupport {

    @Autowired
    Commits commits;

    @Autowired
    PaymentJanitor janitor;

    private String held(World w, long amount) throws Exception {
        JsonNode p = pay(w, amount, "\"confirm\":true,\"captureMethod\":\"manual\"");
        assertThat(p.path("status").asString()).isEqualTo("requires_capture");
        return p.path("id").asString();
    }

    private String paid(World w, long amount) throws Exception {
        JsonNode p = pay(w, amount, "\"confirm\":true");
        assertThat(p.path("status").asString()).isEqualTo("succeeded");
        return p.path("id").asString();
    }

    @Test
    void aKeyedCaptureCommitsTwiceAndItsReplayNever() throws Exception {
        World w = world(100_00, 60);
        String id = held(w, 20_00);
        commits.start();
        MvcResult captured = postJson(w.merchant(), "/v1/payments/" + id + "/capture", "{\"amountToCapture\":1500}",
                "capture-1");
        assertThat(commits.stop()).as("commits of a keyed capture").isEqualTo(2);
        assertThat(captured.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(captured).path("status").asString()).isEqualTo("succeeded");
        assertKeyStored(w, "capture-1", captured);

        commits.start();
        MvcResult replay = postJson(w.merchant(), "/v1/payments/" + id + "/capture", "{\"amountToCapture\":1500}",
                "capture-1");
        assertThat(commits.stop()).as("commits of a replay").isZero();
        assertThat(replay.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.getResponse().getContentAsString()).isEqualTo(captured.getResponse().getContentAsString());
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 15_00);
    }

    @Test
    void aKeyedCancelCommitsOnceAtRestAndTwiceWithAHold() throws Exception {
        World w = world(100_00, 60);
        String unconfirmed = pay(w, 5_00, null).path("id").asString();
        commits.start();
        MvcResult canceled = postJson(w.merchant(), "/v1/payments/" + unconfirmed + "/cancel", null, "cancel-1");
        assertThat(commits.stop()).as("commits of a keyed cancel without a hold").isEqualTo(1);
        assertThat(body(canceled).path("status").asString()).isEqualTo("canceled");
        assertKeyStored(w, "cancel-1", canceled);

        String id = held(w, 20_00);
        commits.start();
        MvcResult released = postJson(w.merchant(), "/v1/payments/" + id + "/cancel", null, "cancel-2");
        assertThat(commits.stop()).as("commits of a keyed cancel releasing a hold").isEqualTo(2);
        assertThat(body(released).path("status").asString()).isEqualTo("canceled");
        assertKeyStored(w, "cancel-2", released);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00);
    }

    @Test
    void aKeyedRefundCommitsTwiceAndItsReplayNever() throws Exception {
        World w = world(100_00, 60);
        String id = paid(w, 20_00);
        String body = "{\"payment\":\"" + id + "\",\"amount\":500}";
        commits.start();
        MvcResult refunded = postJson(w.merchant(), "/v1/refunds", body, "refund-1");
        assertThat(commits.stop()).as("commits of a keyed refund").isEqualTo(2);
        assertThat(refunded.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(refunded).path("status").asString()).isEqualTo("succeeded");
        assertKeyStored(w, "refund-1", refunded);

        commits.start();
        MvcResult replay = postJson(w.merchant(), "/v1/refunds", body, "refund-1");
        assertThat(commits.stop()).as("commits of a replay").isZero();
        assertThat(replay.getResponse().getContentAsString()).isEqualTo(refunded.getResponse().getContentAsString());
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00 + 5_00);
    }

    @Test
    void aKeyedRefundRunAgainAfterAFailureOnOurSideRefundsOnce() throws Exception {
        World w = world(100_00, 60);
        String id = paid(w, 20_00);
        long fees = net(w.feeAccount());
        String body = "{\"payment\":\"" + id + "\",\"amount\":500}";
        ledger.failNext(FakeLedger.Fault.CRASH);
        // the ledger moved the money, then the request failed on our side: a 500, and its key's record forgotten
        assertThat(postJson(w.merchant(), "/v1/refunds", body, "refund-2").getResponse().getStatus()).isEqualTo(500);
        assertThat(keyRecords(w, "refund-2")).isZero();
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00 + 5_00);

        MvcResult retried = postJson(w.merchant(), "/v1/refunds", body, "refund-2");
        assertThat(retried.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        JsonNode list = body(getJson(w.merchant(), "/v1/refunds?payment=" + id));
        assertThat(list.path("data")).as("refunds of the payment").hasSize(1);
        assertThat(list.path("data").get(0).path("id").asString()).isEqualTo(body(retried).path("id").asString());
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("amountRefunded").asLong()).isEqualTo(5_00);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00 + 5_00);
        // 60 bps of 20.00 is 0.12; a quarter of it comes back once
        assertThat(net(w.feeAccount())).isEqualTo(fees - 3);
        assertKeyStored(w, "refund-2", retried);

        // the same key for another refund after the failure is still the first refund's key
        MvcResult other = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":700}", "refund-2");
        assertThat(other.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(other).path("code").asString()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void aKeyedRefundRunAgainWithAnotherBodyAfterAFailureIsRefused() throws Exception {
        World w = world(100_00, 60);
        String id = paid(w, 20_00);
        ledger.failNext(FakeLedger.Fault.CRASH);
        assertThat(postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":500}",
                "refund-3").getResponse().getStatus()).isEqualTo(500);
        MvcResult other = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":600}", "refund-3");
        assertThat(other.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(other).path("code").asString()).isEqualTo("idempotency_key_reused");
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("amountRefunded").asLong()).isEqualTo(5_00);
        assertThat(body(getJson(w.merchant(), "/v1/refunds?payment=" + id)).path("data")).hasSize(1);
        // that 422 is not kept under the key: the first request sent again still gets its refund
        MvcResult first = postJson(w.merchant(), "/v1/refunds", "{\"payment\":\"" + id + "\",\"amount\":500}", "refund-3");
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(first).path("status").asString()).isEqualTo("succeeded");
        assertThat(body(getJson(w.merchant(), "/v1/refunds?payment=" + id)).path("data")).hasSize(1);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00 + 5_00);
    }

    @Test
    void aKeyedCaptureRunAgainAfterAFailureOnOurSideAnswersThePaymentAndCapturesOnce() throws Exception {
        World w = world(100_00, 60);
        String id = held(w, 20_00);
        ledger.failNext(FakeLedger.Fault.CRASH);
        assertThat(postJson(w.merchant(), "/v1/payments/" + id + "/capture", null, "capture-2").getResponse().getStatus()).isEqualTo(500);
        MvcResult retried = postJson(w.merchant(), "/v1/payments/" + id + "/capture", null, "capture-2");
        assertThat(retried.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(retried).path("status").asString()).isEqualTo("processing");

        Thread.sleep(300);
        janitor.run();
        JsonNode settled = body(getJson(w.merchant(), "/v1/payments/" + id));
        assertThat(settled.path("status").asString()).isEqualTo("succeeded");
        assertThat(settled.path("amountCaptured").asLong()).isEqualTo(20_00);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00);
        assertThat(ledger.account(w.wallet()).debitsPending).isZero();
    }

    @Test
    void aKeyedCaptureWhoseFirstRunDiedAfterItsFirstWriteAnswersThePaymentInsteadOfRefusing() throws Exception {
        World w = world(100_00, 60);
        String id = held(w, 20_00);
        String path = "/v1/payments/" + id + "/capture";
        ledger.failNext(FakeLedger.Fault.CRASH);
        assertThat(postJson(w.merchant(), path, null, "capture-3").getResponse().getStatus()).isEqualTo(500);
        // as a run that died there leaves it: the capture in flight, its key's record in flight past its lease
        Instant past = Instant.now().minusSeconds(120);
        jdbc.sql("""
                INSERT INTO idempotency_record (merchant_id, idempotency_key, request_hash, state, locked_until,
                  created_at, expires_at) VALUES (?, ?, ?, 'in_flight', ?, ?, ?)""")
                .params("merchant:" + w.merchant(), "capture-3", hash("POST " + path + "\n"), Times.db(past), Times.db(past), Times.db(past.plusSeconds(86_400)))
                .update();
        Thread.sleep(300);
        janitor.run();
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("status").asString()).isEqualTo("succeeded");

        MvcResult retried = postJson(w.merchant(), path, null, "capture-3");
        assertThat(retried.getResponse().getStatus()).as(retried.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        assertThat(body(retried).path("amountCaptured").asLong()).isEqualTo(20_00);
        assertKeyStored(w, "capture-3", retried);
        // another capture of the payment, under another key, is refused as before
        MvcResult again = postJson(w.merchant(), path, null, "capture-4");
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00);
    }

    @Test
    void aKeyedCaptureWhoseRecordOutlivedARunThatChangedNothingCapturesNow() throws Exception {
        World w = world(100_00, 60);
        String id = held(w, 20_00);
        String path = "/v1/payments/" + id + "/capture";
        // the ledger down: the capture goes back to requires_capture and its key's record with the 503
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        assertThat(postJson(w.merchant(), path, null, "capture-5").getResponse().getStatus()).isEqualTo(503);
        assertThat(body(getJson(w.merchant(), "/v1/payments/" + id)).path("status").asString())
                .isEqualTo("requires_capture");
        // yet a record in flight past its lease, as a run that died before forgetting it (or a replica of the
        // version before, which made the record before touching the payment) leaves it
        Instant past = Instant.now().minusSeconds(120);
        jdbc.sql("""
                INSERT INTO idempotency_record (merchant_id, idempotency_key, request_hash, state, locked_until,
                  created_at, expires_at) VALUES (?, ?, ?, 'in_flight', ?, ?, ?)""")
                .params("merchant:" + w.merchant(), "capture-5", hash("POST " + path + "\n"), Times.db(past),
                        Times.db(past), Times.db(past.plusSeconds(86_400)))
                .update();

        MvcResult retried = postJson(w.merchant(), path, null, "capture-5");
        assertThat(retried.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        assertThat(body(retried).path("amountCaptured").asLong()).isEqualTo(20_00);
        assertKeyStored(w, "capture-5", retried);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 20_00);
    }

    private static String hash(String requestLine) {
        return HexFormat.of().formatHex(Hashes.sha256().digest(requestLine.getBytes(StandardCharsets.UTF_8)));
    }

    private long net(String account) {
        FakeLedger.Account a = ledger.account(account);
        return a.creditsPosted - a.debitsPosted;
    }
}

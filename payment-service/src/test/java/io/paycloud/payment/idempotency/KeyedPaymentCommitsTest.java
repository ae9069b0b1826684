package io.paycloud.payment.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.Commits;
import io.paycloud.payment.support.FakeLedger;

/**
 * A keyed payment records its {@code Idempotency-Key} in its own transactions: counted at the JDBC
 * driver (every {@code commit()} and every write run in autocommit), a confirmed automatic payment
 * commits twice in payment-service, a payment written once commits once, and a replay commits nothing
 * and answers exactly the stored first answer.
 */
@Import(Commits.Counting.class)
class KeyedPaymentCommitsTest extends PaymentTestSupport {

    @Autowired
    Commits commits;

    @Test
    void aKeyedConfirmedPaymentCommitsTwiceAndItsReplayNever() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":1500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        commits.start();
        MvcResult first = postJson(w.merchant(), "/v1/payments", body, "commits-1");
        assertThat(commits.stop()).as("commits of a keyed confirmed payment").isEqualTo(2);
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(first).path("status").asString()).isEqualTo("succeeded");
        assertKeyStored(w, "commits-1", first);

        commits.start();
        MvcResult replay = postJson(w.merchant(), "/v1/payments", body, "commits-1");
        assertThat(commits.stop()).as("commits of a replay").isZero();
        assertThat(replay.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.getResponse().getContentAsString()).isEqualTo(first.getResponse().getContentAsString());
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 15_00);
    }

    @Test
    void aKeyedPaymentWrittenOnceCommitsOnce() throws Exception {
        World w = world(100_00, 60);
        commits.start();
        MvcResult created = postJson(w.merchant(), "/v1/payments",
                "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\"}", "commits-2");
        assertThat(commits.stop()).as("commits of a keyed payment awaiting confirmation").isEqualTo(1);
        assertThat(body(created).path("status").asString()).isEqualTo("requires_confirmation");
        assertKeyStored(w, "commits-2", created);

        risk.block("customer", w.customer());
        commits.start();
        MvcResult declined = postJson(w.merchant(), "/v1/payments",
                "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}", "commits-3");
        assertThat(commits.stop()).as("commits of a keyed declined payment").isEqualTo(1);
        assertThat(body(declined).path("status").asString()).isEqualTo("failed");
        assertKeyStored(w, "commits-3", declined);
    }

    @Test
    void aRefusedKeyedRequestIsStoredInOneCommitAndAFailedOneNotAtAll() throws Exception {
        World w = world(100_00, 60);
        String unknownCustomer = "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\"cus_00000000000000000000000000\"}";
        commits.start();
        MvcResult missing = postJson(w.merchant(), "/v1/payments", unknownCustomer, "commits-4");
        assertThat(commits.stop()).isEqualTo(1);
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertKeyStored(w, "commits-4", missing);
        MvcResult again = postJson(w.merchant(), "/v1/payments", unknownCustomer, "commits-4");
        assertThat(again.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.getResponse().getStatus()).isEqualTo(404);

        // the ledger down after the payment's first write: the key's in-flight record goes with the 503
        String body = "{\"amount\":700,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        MvcResult down = postJson(w.merchant(), "/v1/payments", body, "commits-5");
        assertThat(down.getResponse().getStatus()).isEqualTo(503);
        assertThat(keyRecords(w, "commits-5")).isZero();
        MvcResult retried = postJson(w.merchant(), "/v1/payments", body, "commits-5");
        assertThat(retried.getResponse().getStatus()).isEqualTo(201);
        assertThat(retried.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        assertKeyStored(w, "commits-5", retried);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 7_00);
    }
}

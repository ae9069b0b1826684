package io.paycloud.payment.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.FakeLedger;
import io.paycloud.payment.support.JavaMigrations;

class IdempotencyTest extends PaymentTestSupport {

    @Autowired
    V7__SealIdempotencyAnswers sealing;
    @Autowired
    DataSource dataSource;

    @Test
    void theStoredAnswerThatShowsAWebhookSecretIsSealedAndItsReplayShowsTheSameSecret() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"url\":\"https://93.184.216.34/hooks\",\"enabledEvents\":[\"*\"]}";
        MvcResult first = postJson(w.merchant(), "/v1/webhook-endpoints", body, "endpoint-1");
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        String secret = body(first).path("secret").asString();
        assertThat(secret).startsWith("whsec_");

        String stored = storedAnswer(w, "endpoint-1");
        assertThat(stored).startsWith("v1:").doesNotContain(secret.substring(6)).doesNotContain(body(first).path("id").asString());
        MvcResult replay = postJson(w.merchant(), "/v1/webhook-endpoints", body, "endpoint-1");
        assertThat(replay.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(body(replay)).isEqualTo(body(first));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_endpoint WHERE merchant_id = ?").param(w.merchant())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anAnswerStoredPlainIsReplayedAndSealedByItsMigration() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":1500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        MvcResult first = postJson(w.merchant(), "/v1/payments", body, "plain-1");
        String answer = first.getResponse().getContentAsString();
        // as the version before sealing stored it (or a replica of it, during a rolling upgrade)
        jdbc.sql("UPDATE idempotency_record SET response_body = ? WHERE merchant_id = ? AND idempotency_key = ?")
                .params(answer, "merchant:" + w.merchant(), "plain-1").update();
        assertThat(postJson(w.merchant(), "/v1/payments", body, "plain-1").getResponse().getContentAsString()).isEqualTo(answer);

        JavaMigrations.run(dataSource, sealing);
        String sealed = storedAnswer(w, "plain-1");
        assertThat(sealed).startsWith("v1:").doesNotContain(body(first).path("id").asString());
        JavaMigrations.run(dataSource, sealing);
        assertThat(storedAnswer(w, "plain-1")).as("a sealed answer is not sealed again").isEqualTo(sealed);
        MvcResult replay = postJson(w.merchant(), "/v1/payments", body, "plain-1");
        assertThat(replay.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.getResponse().getContentAsString()).isEqualTo(answer);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 15_00);
    }

    private String storedAnswer(World w, String key) {
        return jdbc.sql("SELECT response_body FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ?")
                .params("merchant:" + w.merchant(), key).query(String.class).single();
    }

    @Test
    void replayReturnsTheStoredAnswerAndChargesOnce() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":1500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        MvcResult first = postJson(w.merchant(), "/v1/payments", body, "key-1");
        MvcResult second = postJson(w.merchant(), "/v1/payments", body, "key-1");
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(second.getResponse().getStatus()).isEqualTo(201);
        assertThat(second.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(second)).isEqualTo(body(first));
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 15_00);
    }

    @Test
    void sameKeyWithAnotherRequestIs422() throws Exception {
        World w = world(100_00, 60);
        postJson(w.merchant(), "/v1/payments", "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\"}", "key-2");
        MvcResult other = postJson(w.merchant(), "/v1/payments",
                "{\"amount\":200,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\"}", "key-2");
        assertThat(other.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(other).path("code").asString()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void keysAreScopedPerMerchant() throws Exception {
        World a = world(100_00, 60);
        World b = world(100_00, 60);
        MvcResult ra = postJson(a.merchant(), "/v1/payments", "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + a.customer() + "\"}", "shared");
        MvcResult rb = postJson(b.merchant(), "/v1/payments", "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + b.customer() + "\"}", "shared");
        assertThat(ra.getResponse().getStatus()).isEqualTo(201);
        assertThat(rb.getResponse().getStatus()).isEqualTo(201);
        assertThat(rb.getResponse().getHeader("Idempotent-Replayed")).isNull();
    }

    @Test
    void fiftyConcurrentIdenticalRequestsCreateOnePaymentAndOneHold() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":700,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<MvcResult>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> postJson(w.merchant(), "/v1/payments", body, "race-key")));
        }
        int created = 0;
        for (Future<MvcResult> f : futures) {
            int status = f.get().getResponse().getStatus();
            assertThat(status).isIn(201, 409);
            if (status == 409) {
                assertThat(body(f.get()).path("code").asString()).isEqualTo("idempotency_key_in_use");
            } else {
                created++;
            }
        }
        pool.shutdown();
        assertThat(created).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE merchant_id = ?").param(w.merchant()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(ledger.transfers().values().stream()
                .filter(t -> t.id().endsWith(".auth") && t.debitAccountId().equals(w.wallet())).count()).isEqualTo(1);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 7_00);
    }

    @Test
    void aServerSideFailureIsNotStoredSoTheRetryRuns() throws Exception {
        World w = world(100_00, 60);
        String id = pay(w, 900, null).path("id").asString();
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        MvcResult down = postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, "confirm-1");
        assertThat(down.getResponse().getStatus()).isEqualTo(503);
        MvcResult retry = postJson(w.merchant(), "/v1/payments/" + id + "/confirm", null, "confirm-1");
        assertThat(retry.getResponse().getStatus()).isEqualTo(200);
        assertThat(retry.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(retry).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aCreateRunAgainUnderItsKeyCarriesOnWithThePaymentItsFirstRunMade() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":1200,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE); // the first run made the payment, then could not hold
        MvcResult first = postJson(w.merchant(), "/v1/payments", body, "crash-key");
        assertThat(first.getResponse().getStatus()).isEqualTo(503);
        MvcResult again = postJson(w.merchant(), "/v1/payments", body, "crash-key");
        assertThat(again.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(again).path("status").asString()).isEqualTo("succeeded");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE merchant_id = ?").param(w.merchant()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 12_00);
    }

    @Test
    void overlongKeyIsRefused() throws Exception {
        World w = world(100_00, 60);
        MvcResult r = postJson(w.merchant(), "/v1/payments", "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\""
                + w.customer() + "\"}", "k".repeat(256));
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(r).path("param").asString()).isEqualTo("Idempotency-Key");
    }
}

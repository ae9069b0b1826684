package io.paycloud.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.ledger.LedgerTransfer;
import tools.jackson.databind.JsonNode;

/**
 * A capture and a cancel of the same authorized payment sent at the same moment: exactly one takes
 * effect, the other is a 409 {@code state_invalid} (as it would be a moment later), never a 500.
 */
class ConcurrentCaptureAndCancelTest extends PaymentTestSupport {

    private static final int PAYMENTS = 30;
    private static final long AMOUNT = 10_00;
    private static final int PER_CUSTOMER = 10;

    @Test
    void captureAndCancelAtOnceLetExactlyOneTakeEffectAndRefuseTheOtherWithAConflict() throws Exception {
        long balance = PAYMENTS * AMOUNT;
        World w = world(PER_CUSTOMER * AMOUNT, 60);
        // risk-service sends a customer's 11th payment within a minute to review: ten payments per customer
        List<World> payers = new ArrayList<>(List.of(w));
        while (payers.size() < PAYMENTS / PER_CUSTOMER) {
            payers.add(anotherCustomer(w, PER_CUSTOMER * AMOUNT));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            ids.add(pay(payers.get(i / PER_CUSTOMER), AMOUNT, "\"confirm\":true,\"captureMethod\":\"manual\"").path("id")
                    .asString());
        }

        ExecutorService pool = Executors.newFixedThreadPool(2);
        int captured = 0;
        try {
            for (String id : ids) {
                CountDownLatch go = new CountDownLatch(1);
                Future<MvcResult> capture = pool.submit(atOnce(go, () -> postJson(w.merchant(), "/v1/payments/" + id + "/capture", null, null)));
                Future<MvcResult> cancel = pool.submit(atOnce(go, () -> postJson(w.merchant(), "/v1/payments/" + id + "/cancel", null, null)));
                go.countDown();
                MvcResult captureResult = capture.get(30, TimeUnit.SECONDS);
                MvcResult cancelResult = cancel.get(30, TimeUnit.SECONDS);

                String end = body(getJson(w.merchant(), "/v1/payments/" + id)).path("status").asString();
                assertThat(end).as(id).isIn("succeeded", "canceled");
                boolean captureWon = end.equals("succeeded");
                assertAnswer(id, captureResult, captureWon, "succeeded");
                assertAnswer(id, cancelResult, !captureWon, "canceled");

                Map<String, LedgerTransfer> transfers = ledger.transfers();
                assertThat(transfers.get(id + ".auth").status()).as(id).isEqualTo(captureWon ? "posted" : "voided");
                assertThat(transfers.containsKey(id + ".capture")).as(id).isEqualTo(captureWon);
                assertThat(transfers.containsKey(id + ".void")).as(id).isEqualTo(!captureWon);
                captured += captureWon ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(payers).allSatisfy(p -> assertThat(ledger.account(p.wallet()).debitsPending).isZero());
        assertThat(payers.stream().mapToLong(p -> ledger.account(p.wallet()).available()).sum())
                .isEqualTo(balance - captured * AMOUNT);
        assertThat(ledger.account(w.merchantAccount()).creditsPosted).isEqualTo(captured * AMOUNT);
    }

    /** The winner answers 200 with the outcome it made; the loser a 409 state_invalid problem. */
    private void assertAnswer(String id, MvcResult r, boolean won, String outcome) throws Exception {
        int status = r.getResponse().getStatus();
        String what = id + " " + r.getRequest().getRequestURI() + " answered " + status + " "
                + r.getResponse().getContentAsString();
        if (won) {
            assertThat(status).as(what).isEqualTo(200);
            assertThat(body(r).path("status").asString()).as(what).isEqualTo(outcome);
        } else {
            assertThat(status).as(what).isEqualTo(409);
            assertThat(r.getResponse().getContentType()).as(what).startsWith("application/problem+json");
            assertThat(body(r).path("code").asString()).as(what).isEqualTo("state_invalid");
        }
    }

    private static <T> Callable<T> atOnce(CountDownLatch go, Callable<T> call) {
        return () -> {
            go.await();
            return call.call();
        };
    }
}

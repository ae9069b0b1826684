package io.paycloud.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.FakeLedger;
import tools.jackson.databind.JsonNode;

/**
 * Every operation the janitor can find in flight, cut short both ways a ledger call can end unknown
 * (the request lost before the ledger saw it; the ledger's answer lost after it acted): the janitor
 * finishes it from the ledger, and two passes move the money exactly once.
 */
class PaymentJanitorTest extends PaymentTestSupport {

    private static final List<FakeLedger.Fault> LOST = List.of(FakeLedger.Fault.LOST_REQUEST, FakeLedger.Fault.LOST_ANSWER);

    @Autowired
    PaymentJanitor janitor;

    @Test
    void aPurchaseCutShortIsChargedOnce() throws Exception {
        for (FakeLedger.Fault fault : LOST) {
            World w = world(100_00, 60);
            ledger.failNext(fault);
            JsonNode p = pay(w, 40_00, "\"confirm\":true");
            assertThat(p.path("status").asString()).as("%s", fault).isEqualTo("processing");
            assertInFlight(p, "purchase");

            JsonNode settled = settle(w, p);
            assertThat(settled.path("status").asString()).as("%s", fault).isEqualTo("succeeded");
            assertThat(settled.path("amountCaptured").asLong()).isEqualTo(40_00);
            assertThat(settled.path("fee").asLong()).isEqualTo(24);
            assertThat(ledger.account(w.wallet()).debitsPosted).as("%s", fault).isEqualTo(40_00);
            assertThat(ledger.account(w.wallet()).debitsPending).isZero();
            assertThat(ledger.account(w.merchantAccount()).available()).isEqualTo(40_00 - 24);
        }
    }

    @Test
    void anAuthorizationCutShortHoldsOnce() throws Exception {
        for (FakeLedger.Fault fault : LOST) {
            World w = world(100_00, 60);
            ledger.failNext(fault);
            JsonNode p = pay(w, 30_00, "\"confirm\":true,\"captureMethod\":\"manual\"");
            assertInFlight(p, "authorize");

            JsonNode settled = settle(w, p);
            assertThat(settled.path("status").asString()).as("%s", fault).isEqualTo("requires_capture");
            assertThat(settled.path("amountCapturable").asLong()).isEqualTo(30_00);
            assertThat(ledger.account(w.wallet()).debitsPending).as("%s", fault).isEqualTo(30_00);
            assertThat(ledger.account(w.wallet()).debitsPosted).isZero();
            assertThat(ledger.account(w.wallet()).available()).isEqualTo(70_00);
        }
    }

    @Test
    void aCaptureCutShortPostsOnce() throws Exception {
        for (FakeLedger.Fault fault : LOST) {
            World w = world(100_00, 60);
            JsonNode held = pay(w, 50_00, "\"confirm\":true,\"captureMethod\":\"manual\"");
            ledger.failNext(fault);
            JsonNode p = body(postJson(w.merchant(), "/v1/payments/" + held.path("id").asString() + "/capture",
                    "{\"amountToCapture\":2000}", null));
            assertInFlight(p, "capture");

            JsonNode settled = settle(w, p);
            assertThat(settled.path("status").asString()).as("%s", fault).isEqualTo("succeeded");
            assertThat(settled.path("amountCaptured").asLong()).isEqualTo(20_00);
            assertThat(settled.path("fee").asLong()).isEqualTo(12);
            assertThat(ledger.account(w.wallet()).debitsPosted).as("%s", fault).isEqualTo(20_00);
            assertThat(ledger.account(w.wallet()).debitsPending).isZero();
            assertThat(ledger.account(w.wallet()).available()).isEqualTo(80_00);
        }
    }

    @Test
    void aCancelCutShortReleasesOnce() throws Exception {
        for (FakeLedger.Fault fault : LOST) {
            World w = world(100_00, 60);
            JsonNode held = pay(w, 50_00, "\"confirm\":true,\"captureMethod\":\"manual\"");
            ledger.failNext(fault);
            JsonNode p = body(postJson(w.merchant(), "/v1/payments/" + held.path("id").asString() + "/cancel", null, null));
            assertInFlight(p, "cancel");

            JsonNode settled = settle(w, p);
            assertThat(settled.path("status").asString()).as("%s", fault).isEqualTo("canceled");
            assertThat(ledger.account(w.wallet()).available()).as("%s", fault).isEqualTo(100_00);
            assertThat(ledger.account(w.wallet()).debitsPending).isZero();
            assertThat(ledger.account(w.wallet()).debitsPosted).isZero();
        }
    }

    @Test
    void anAssessmentCutShortIsJudgedAndChargedOnce() throws Exception {
        // the service died after marking the payment in flight, before or after risk answered
        for (boolean holdPlaced : List.of(false, true)) {
            World w = world(100_00, 60);
            String id = pay(w, 25_00, null).path("id").asString();
            jdbc.sql("UPDATE payment SET status = 'processing', operation = 'assess', "
                    + "operation_from = 'requires_confirmation' WHERE id = ?").param(id).update();
            if (holdPlaced) {
                ledger.transfer(io.paycloud.payment.ledger.TransferOrder.hold(id + ".auth", w.wallet(),
                        w.merchantAccount(), 25_00, "CNY", 600));
            }
            JsonNode settled = settle(w, body(getJson(w.merchant(), "/v1/payments/" + id)));
            assertThat(settled.path("status").asString()).as("hold placed: %s", holdPlaced).isEqualTo("succeeded");
            assertThat(settled.path("riskDecision").asString()).isEqualTo("approve");
            assertThat(ledger.account(w.wallet()).debitsPosted).as("hold placed: %s", holdPlaced).isEqualTo(25_00);
            assertThat(ledger.account(w.wallet()).debitsPending).isZero();
        }
    }

    private void assertInFlight(JsonNode p, String operation) {
        String id = p.path("id").asString();
        assertThat(p.path("status").asString()).isEqualTo("processing");
        assertThat(jdbc.sql("SELECT operation FROM payment WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo(operation);
    }

    /** Two janitor passes, each after the payment has waited long enough to count as stuck. */
    private JsonNode settle(World w, JsonNode p) throws Exception {
        String path = "/v1/payments/" + p.path("id").asString();
        Thread.sleep(300);
        janitor.run();
        JsonNode first = body(getJson(w.merchant(), path));
        long posted = ledger.account(w.wallet()).debitsPosted;
        long pending = ledger.account(w.wallet()).debitsPending;
        Thread.sleep(300);
        janitor.run();
        JsonNode second = body(getJson(w.merchant(), path));
        assertThat(second.path("status").asString()).as("a second pass changes nothing")
                .isEqualTo(first.path("status").asString());
        assertThat(ledger.account(w.wallet()).debitsPosted).isEqualTo(posted);
        assertThat(ledger.account(w.wallet()).debitsPending).isEqualTo(pending);
        return second;
    }
}

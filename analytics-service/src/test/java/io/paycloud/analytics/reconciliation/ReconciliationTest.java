package io.paycloud.analytics.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.analytics.AnalyticsTestSupport;
import io.paycloud.analytics.Simulator;
import io.paycloud.common.id.Ids;
import tools.jackson.databind.JsonNode;

/** Each test reconciles a day of its own, since a reconciliation covers every merchant. */
class ReconciliationTest extends AnalyticsTestSupport {

    @AfterEach
    void ledgerUp() {
        LEDGER.down = false;
    }

    private JsonNode reconcile(String date) throws Exception {
        MvcResult r = getAs(null, "/v1/reports/reconciliation?date=" + date);
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        return body(r);
    }

    private static JsonNode totals(JsonNode side, String merchant, String currency) {
        for (JsonNode t : side.path("totals")) {
            if (merchant.equals(t.path("merchantId").asString(null)) && currency.equals(t.path("currency").asString())) {
                return t;
            }
        }
        throw new AssertionError("no totals for " + merchant + " " + currency + " in " + side);
    }

    @Test
    void eventsAndLedgerThatAgreeAreBalancedWithEqualTotals() throws Exception {
        String a = Ids.newId("mer");
        String b = Ids.newId("mer");
        Instant day = Instant.parse("2026-01-10T00:00:00Z");
        Simulator.Paid p1 = sim.succeeded(a, "CNY", 100_00, 60, day.plusSeconds(3600));
        sim.succeeded(a, "CNY", 33_33, 60, day.plusSeconds(7200));
        sim.succeeded(b, "USD", 9_99, 100, day.plusSeconds(9000));
        sim.refund(p1, 40_00L, day.plusSeconds(10_000));
        sim.failed(b, "USD", 5_00, "insufficient_funds", "approve", day.plusSeconds(11_000));
        // captured a moment after midnight, the ledger wrote it a moment before: no mismatch on either day,
        // and it counts on the day of the event (the 11th)
        sim.succeeded(b, "USD", 1_00, 0, day.plusSeconds(86_400).minusMillis(950));
        drain();

        JsonNode report = reconcile("2026-01-10");
        assertThat(report.path("mismatches").size()).as(report.toString()).isZero();
        assertThat(report.path("balanced").asBoolean()).isTrue();
        assertThat(report.path("date").asString()).isEqualTo("2026-01-10");
        JsonNode events = totals(report.path("payments"), a, "CNY");
        JsonNode ledger = totals(report.path("ledger"), a, "CNY");
        assertThat(events.path("capturedAmount").asLong()).isEqualTo(133_33);
        assertThat(events.path("feeAmount").asLong()).isEqualTo(60 + 20);
        assertThat(events.path("refundedAmount").asLong()).isEqualTo(40_00);
        assertThat(events.path("feeReversedAmount").asLong()).isEqualTo(24);
        assertThat(events.path("netAmount").asLong()).isEqualTo(133_33 - 40_00 - (80 - 24));
        assertThat(ledger).isEqualTo(events);
        assertThat(totals(report.path("ledger"), b, "USD")).isEqualTo(totals(report.path("payments"), b, "USD"));
        assertThat(totals(report.path("payments"), b, "USD").path("capturedAmount").asLong()).isEqualTo(9_99);
    }

    @Test
    void tamperingWithEitherSideShowsEveryMismatchWithItsIds() throws Exception {
        String merchant = Ids.newId("mer");
        Instant day = Instant.parse("2026-01-11T00:00:00Z");
        Simulator.Paid changed = sim.succeeded(merchant, "CNY", 50_00, 60, day.plusSeconds(3600));
        Simulator.Paid lost = sim.succeeded(merchant, "CNY", 20_00, 60, day.plusSeconds(3700));
        Simulator.Paid fine = sim.succeeded(merchant, "CNY", 10_00, 60, day.plusSeconds(3800));
        Simulator.Refunded refund = sim.refund(fine, 5_00L, day.plusSeconds(3900));
        drain();
        assertThat(reconcile("2026-01-11").path("balanced").asBoolean()).isTrue();

        // the ledger side: one capture posted for less, one capture missing, one transfer nobody asked for
        LEDGER.tamperAmount(changed.id + ".capture", 49_00);
        LEDGER.remove(lost.id + ".capture");
        String stray = Ids.newId("pay");
        LEDGER.add(stray + ".capture", "post_pending", "posted", 77_00, "CNY", day.plusSeconds(5000).toString());
        // the event side: a refund the events record but the ledger never made
        String ghostRefund = sim.refund(changed, 1_00L, day.plusSeconds(6000)).id();
        LEDGER.remove(ghostRefund + ".refund");
        LEDGER.remove(ghostRefund + ".fee");
        drain();

        JsonNode report = reconcile("2026-01-11");
        assertThat(report.path("balanced").asBoolean()).isFalse();
        List<String> found = new ArrayList<>();
        for (JsonNode m : report.path("mismatches")) {
            found.add(m.path("type").asString() + " " + m.path("transferId").asString());
        }
        assertThat(found).containsExactlyInAnyOrder(
                "amount_mismatch " + changed.id + ".capture",
                "missing_in_ledger " + lost.id + ".capture",
                "missing_in_events " + stray + ".capture",
                "missing_in_ledger " + ghostRefund + ".refund",
                "missing_in_ledger " + ghostRefund + ".fee");
        for (JsonNode m : report.path("mismatches")) {
            String transfer = m.path("transferId").asString();
            if (transfer.startsWith(changed.id)) {
                assertThat(m.path("paymentId").asString()).isEqualTo(changed.id);
                assertThat(m.path("merchantId").asString()).isEqualTo(merchant);
                assertThat(m.path("eventAmount").asLong()).isEqualTo(50_00);
                assertThat(m.path("ledgerAmount").asLong()).isEqualTo(49_00);
            }
            if (transfer.startsWith(ghostRefund)) {
                assertThat(m.path("refundId").asString()).isEqualTo(ghostRefund);
                assertThat(m.path("paymentId").asString()).isEqualTo(changed.id);
            }
            if (transfer.startsWith(stray)) {
                assertThat(m.path("paymentId").asString()).isEqualTo(stray);
                assertThat(m.path("merchantId").isNull()).isTrue();
                assertThat(m.path("ledgerAmount").asLong()).isEqualTo(77_00);
            }
        }
        JsonNode events = totals(report.path("payments"), merchant, "CNY");
        JsonNode ledger = totals(report.path("ledger"), merchant, "CNY");
        assertThat(events.path("capturedAmount").asLong()).isEqualTo(80_00);
        assertThat(ledger.path("capturedAmount").asLong()).isEqualTo(80_00 - 1_00 - 20_00);
        assertThat(events.path("refundedAmount").asLong()).isEqualTo(refund.amount() + 1_00);
        assertThat(ledger.path("refundedAmount").asLong()).isEqualTo(refund.amount());
    }

    @Test
    void reconciliationParamsAreValidatedAndALedgerOutageIsA503() throws Exception {
        MvcResult missing = getAs(null, "/v1/reports/reconciliation");
        assertThat(missing.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(missing).path("param").asString()).isEqualTo("date");
        MvcResult bad = getAs(null, "/v1/reports/reconciliation?date=2026-13-01");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bad).path("code").asString()).isEqualTo("parameter_invalid");
        assertThat(body(bad).path("param").asString()).isEqualTo("date");
        MvcResult future = getAs(null, "/v1/reports/reconciliation?date=2999-01-01");
        assertThat(body(future).path("param").asString()).isEqualTo("date");

        LEDGER.down = true;
        MvcResult down = getAs(null, "/v1/reports/reconciliation?date=2026-01-12");
        assertThat(down.getResponse().getStatus()).isEqualTo(503);
        assertThat(body(down).path("code").asString()).isEqualTo("service_unavailable");
    }
}

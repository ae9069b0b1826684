package io.paycloud.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.analytics.AnalyticsTestSupport;
import io.paycloud.analytics.Simulator;
import io.paycloud.common.id.Ids;
import tools.jackson.databind.JsonNode;

class ReportTest extends AnalyticsTestSupport {

    private static final String RANGE = "from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z";

    @Test
    void reportSumsEqualTheSumsOfTheEventsFedIn() throws Exception {
        String merchant = Ids.newId("mer");
        Random random = new Random(7);
        Instant day = Instant.parse("2026-03-02T00:00:00Z");
        long count = 0, succeeded = 0, failed = 0, gross = 0, fees = 0, refunded = 0, feesBack = 0;
        for (int i = 0; i < 40; i++) {
            Instant at = day.plusSeconds(random.nextInt(6) * 3600L + random.nextInt(3000));
            long amount = 1 + random.nextInt(500_00);
            count++;
            if (random.nextInt(4) == 0) {
                failed++;
                sim.failed(merchant, "CNY", amount, random.nextBoolean() ? "insufficient_funds" : "risk_declined",
                        "approve", at);
                continue;
            }
            Simulator.Paid p = sim.succeeded(merchant, "CNY", amount, 60, at);
            succeeded++;
            gross += amount;
            fees += p.fee;
            if (random.nextInt(3) == 0) {
                Simulator.Refunded r = sim.refund(p, amount > 1 ? (long) (1 + random.nextInt((int) amount - 1)) : null,
                        at.plusSeconds(100));
                refunded += r.amount();
                feesBack += r.feeReversed();
                if (random.nextBoolean()) {
                    Simulator.Refunded rest = sim.refund(p, null, at.plusSeconds(200));
                    refunded += rest.amount();
                    feesBack += rest.feeReversed();
                }
            }
        }
        // another merchant's payment and another currency of this one stay out of the CNY totals
        sim.succeeded(Ids.newId("mer"), "CNY", 999_00, 60, day.plusSeconds(60));
        sim.succeeded(merchant, "USD", 5_00, 60, day.plusSeconds(60));
        drain();

        for (String granularity : List.of("hour", "day")) {
            JsonNode data = body(getAs(merchant, "/v1/reports/summary?" + RANGE + "&currency=CNY&granularity=" + granularity))
                    .path("data");
            assertThat(data.size()).isEqualTo(granularity.equals("hour") ? 24 : 1);
            long c = 0, s = 0, f = 0, g = 0, r = 0, fee = 0, net = 0;
            String previous = "";
            for (JsonNode b : data) {
                assertThat(b.path("start").asString()).isGreaterThan(previous);
                previous = b.path("start").asString();
                assertThat(b.path("currency").asString()).isEqualTo("CNY");
                c += b.path("count").asLong();
                s += b.path("succeeded").asLong();
                f += b.path("failed").asLong();
                g += b.path("grossAmount").asLong();
                r += b.path("refundedAmount").asLong();
                fee += b.path("feeAmount").asLong();
                net += b.path("netAmount").asLong();
            }
            assertThat(List.of(c, s, f, g, r, fee, net)).as(granularity).containsExactly(count, succeeded, failed, gross,
                    refunded, fees - feesBack, gross - refunded - (fees - feesBack));
        }
        JsonNode day1 = body(getAs(merchant, "/v1/reports/summary?" + RANGE + "&currency=CNY&granularity=day"))
                .path("data").get(0);
        assertThat(day1.path("successRate").decimalValue())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(succeeded)
                        .divide(java.math.BigDecimal.valueOf(succeeded + failed), 4, java.math.RoundingMode.HALF_UP));
        assertThat(day1.path("declineReasons").path("insufficient_funds").asLong(0)
                + day1.path("declineReasons").path("risk_declined").asLong(0)).isEqualTo(failed);
        assertThat(day1.path("start").asString()).isEqualTo("2026-03-02T00:00:00Z");

        JsonNode both = body(getAs(merchant, "/v1/reports/summary?" + RANGE + "&granularity=day")).path("data");
        assertThat(both.size()).isEqualTo(2);
        assertThat(both.get(1).path("currency").asString()).isEqualTo("USD");
        assertThat(both.get(1).path("grossAmount").asLong()).isEqualTo(5_00);
    }

    @Test
    void partialRefundsReverseTheFeeProRataAndTheLastReturnsWhatIsLeft() throws Exception {
        String merchant = Ids.newId("mer");
        Instant at = Instant.parse("2026-03-04T10:00:00Z");
        Simulator.Paid p = sim.succeeded(merchant, "CNY", 33_33, 60, at);
        assertThat(p.fee).isEqualTo(20);
        sim.refund(p, 10_00L, at.plusSeconds(10));
        sim.refund(p, 10_00L, at.plusSeconds(20));
        sim.refund(p, null, at.plusSeconds(30));
        drain();
        JsonNode b = body(getAs(merchant, "/v1/reports/summary?from=2026-03-04T10:00:00Z&to=2026-03-04T11:00:00Z"))
                .path("data").get(0);
        assertThat(b.path("grossAmount").asLong()).isEqualTo(33_33);
        assertThat(b.path("refundedAmount").asLong()).isEqualTo(33_33);
        assertThat(b.path("feeAmount").asLong()).isZero();
        assertThat(b.path("netAmount").asLong()).isZero();
        assertThat(jdbc.sql("SELECT amount FROM ledger_expectation WHERE payment_id = ? AND kind = 'fee_reversal' "
                + "ORDER BY occurred_at").param(p.id).query(Long.class).list()).containsExactly(6L, 6L, 8L);
    }

    @Test
    void summaryParamsAreValidated() throws Exception {
        String merchant = Ids.newId("mer");
        assertProblem(getAs(merchant, "/v1/reports/summary?to=2026-03-03T00:00:00Z"), 400, "parameter_missing", "from");
        assertProblem(getAs(merchant, "/v1/reports/summary?from=yesterday&to=2026-03-03T00:00:00Z"), 400,
                "parameter_invalid", "from");
        assertProblem(getAs(merchant, "/v1/reports/summary?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z"), 400,
                "parameter_invalid", "to");
        assertProblem(getAs(merchant, "/v1/reports/summary?" + RANGE + "&granularity=week"), 400, "parameter_invalid",
                "granularity");
        assertProblem(getAs(merchant, "/v1/reports/summary?" + RANGE + "&currency=usd"), 400, "parameter_invalid",
                "currency");
        assertProblem(getAs(merchant, "/v1/reports/summary?" + RANGE + "&currency=XXX"), 400, "parameter_invalid",
                "currency");
        assertProblem(getAs(merchant, "/v1/reports/summary?from=2025-01-01T00:00:00Z&to=2026-03-03T00:00:00Z"), 400,
                "parameter_invalid", "to");
        assertProblem(getAs(merchant, "/v1/reports/summary.csv?from=2026-03-02&to=2026-03-03"), 400,
                "parameter_invalid", "from");
        assertProblem(getAs(null, "/v1/reports/summary?" + RANGE), 403, "forbidden", null);
        assertProblem(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get(java.net.URI.create("/v1/reports/summary?" + RANGE))).andReturn(), 401, "unauthenticated", null);
        assertProblem(getAs(merchant, "/v1/reports/reconciliation?date=2026-03-02"), 403, "forbidden", null);
        // a forged identity, or the gateway's header names without its signature, are nobody
        assertProblem(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get(java.net.URI.create("/v1/reports/summary?" + RANGE)).header("PayCloud-Identity", "forged.token")
                .header("PayCloud-Merchant-Id", merchant)).andReturn(), 401, "unauthenticated", null);
        // an offset is accepted and read as the instant it names
        MvcResult ok = getAs(merchant, "/v1/reports/summary?from=2026-03-02T08:00:00%2B08:00&to=2026-03-02T02:00:00Z");
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
    }

    private void assertProblem(MvcResult r, int status, String code, String param) throws Exception {
        assertThat(r.getResponse().getStatus()).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = body(r);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        if (param != null) {
            assertThat(problem.path("param").asString()).isEqualTo(param);
        }
    }

    @Test
    void csvExportHasAHeaderQuotesListsAndFormatsAmounts() throws Exception {
        String merchant = Ids.newId("mer");
        Instant at = Instant.parse("2026-03-05T13:20:00Z");
        sim.succeeded(merchant, "JPY", 1500, 60, at);
        sim.succeeded(merchant, "JPY", 2500, 60, at.plusSeconds(10));
        sim.failed(merchant, "JPY", 700, "insufficient_funds", "approve", at.plusSeconds(20));
        sim.failed(merchant, "JPY", 800, "risk_declined", "decline", at.plusSeconds(30));
        drain();
        MvcResult r = getAs(merchant, "/v1/reports/summary.csv?from=2026-03-05T13:00:00Z&to=2026-03-05T14:00:00Z");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("text/csv");
        assertThat(r.getResponse().getHeader("Content-Disposition")).startsWith("attachment;");
        String body = r.getResponse().getContentAsString();
        assertThat(body).startsWith(SummaryCsvTest.CONTRACT_HEADER + "\r\n");
        assertThat(body).contains(",\"insufficient_funds=1,risk_declined=1\",");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body)).getRecords();
        assertThat(rows).hasSize(1);
        CSVRecord row = rows.get(0);
        assertThat(row.get("start")).isEqualTo("2026-03-05T13:00:00Z");
        assertThat(row.get("currency")).isEqualTo("JPY");
        assertThat(row.get("count")).isEqualTo("4");
        assertThat(row.get("gross_amount")).isEqualTo("4000");
        assertThat(row.get("gross")).isEqualTo("4000 JPY");
        // 60 bps of 1500 and of 2500 JPY, rounded half-up to whole yen
        assertThat(row.get("fee_amount")).isEqualTo("24");
        assertThat(row.get("net_amount")).isEqualTo("3976");
        assertThat(row.get("success_rate")).isEqualTo("0.5000");
        assertThat(row.get("decline_reasons")).isEqualTo("insufficient_funds=1,risk_declined=1");
        assertThat(row.get("risk_decisions")).isEqualTo("approve=3,decline=1");
    }
}

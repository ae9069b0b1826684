package io.paycloud.analytics.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.paycloud.common.money.Money;

/**
 * The summary as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break. Each amount appears twice: in minor units (exact, for machines) and formatted
 * in major units with its currency (for people).
 */
final class SummaryCsv {

    static final List<String> HEADER = List.of("start", "currency", "count", "succeeded", "failed", "canceled",
            "success_rate", "gross_amount", "gross", "refunded_amount", "refunded", "fee_amount", "fee", "net_amount",
            "net", "decline_reasons", "risk_decisions");

    private SummaryCsv() {
    }

    static String write(List<SummaryBucket> buckets) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (SummaryBucket b : buckets) {
                csv.printRecord(b.start(), b.currency(), b.count(), b.succeeded(), b.failed(), b.canceled(),
                        b.successRate() == null ? "" : b.successRate().toPlainString(),
                        b.grossAmount(), Money.of(b.grossAmount(), b.currency()).format(),
                        b.refundedAmount(), Money.of(b.refundedAmount(), b.currency()).format(),
                        b.feeAmount(), Money.of(b.feeAmount(), b.currency()).format(),
                        b.netAmount(), Money.of(b.netAmount(), b.currency()).format(),
                        labels(b.declineReasons()), labels(b.riskDecisions()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code code=count} pairs separated by commas, so a cell with more than one is quoted. */
    private static String labels(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}

package io.paycloud.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SummaryCsvTest {

    /**
     * The header row as the contract fixes it (analytics-service/README.md, "CSV columns"), written out
     * here rather than read from {@code SummaryCsv.HEADER}, so a renamed or reordered column fails.
     */
    static final String CONTRACT_HEADER = "start,currency,count,succeeded,failed,canceled,success_rate,gross_amount,"
            + "gross,refunded_amount,refunded,fee_amount,fee,net_amount,net,decline_reasons,risk_decisions";

    @Test
    void fieldsWithCommasQuotesAndLineBreaksAreQuotedPerRfc4180() {
        Map<String, Long> reasons = new LinkedHashMap<>();
        reasons.put("said \"no\"", 2L);
        reasons.put("line\nbreak", 1L);
        SummaryBucket b = new SummaryBucket("2026-03-05T13:00:00Z", "KWD", 3, 1, 2, 0, 1_234_567, 1_000, 567, 1_233_000,
                new BigDecimal("0.3333"), reasons, Map.of());
        String csv = SummaryCsv.write(List.of(b));
        String[] lines = csv.split("\r\n", 2);
        assertThat(lines[0]).isEqualTo(CONTRACT_HEADER);
        assertThat(lines[1]).isEqualTo("2026-03-05T13:00:00Z,KWD,3,1,2,0,0.3333,1234567,1234.567 KWD,1000,1.000 KWD,"
                + "567,0.567 KWD,1233000,1233.000 KWD,\"said \"\"no\"\"=2,line\nbreak=1\",\r\n");
    }

    @Test
    void anEmptyReportIsJustTheHeader() {
        assertThat(SummaryCsv.write(List.of())).isEqualTo(CONTRACT_HEADER + "\r\n");
    }
}

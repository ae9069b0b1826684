package io.paycloud.analytics.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.analytics.support.CallerContext;

/** The calling merchant's summary report, as JSON and as CSV. */
@RestController
class ReportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final SummaryReports reports;
    private final CallerContext callers;

    ReportController(SummaryReports reports, CallerContext callers) {
        this.reports = reports;
        this.callers = callers;
    }

    @GetMapping("/v1/reports/summary")
    Map<String, List<SummaryBucket>> summary(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String granularity,
            @RequestParam(required = false) String currency, HttpServletRequest request) {
        String merchant = callers.merchantId(request);
        return Map.of("data", reports.summary(merchant, SummaryQuery.parse(from, to, granularity, currency)));
    }

    @GetMapping("/v1/reports/summary.csv")
    ResponseEntity<String> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String granularity, @RequestParam(required = false) String currency,
            HttpServletRequest request) {
        String merchant = callers.merchantId(request);
        SummaryQuery q = SummaryQuery.parse(from, to, granularity, currency);
        String name = "summary-" + q.from().toString().replace(":", "") + "-" + q.granularity().wire() + ".csv";
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(SummaryCsv.write(reports.summary(merchant, q)));
    }
}

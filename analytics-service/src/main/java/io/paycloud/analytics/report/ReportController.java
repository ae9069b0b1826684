package io.paycloud.analytics.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;


import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The calling merchant's summary report, as JSON and as CSV. */
@Tag(name = "Reports", description = "The merchant's payments summed by hour or day; the daily reconciliation for operators.")
@SecurityRequirement(name = "merchantKey")
@RestController
class ReportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final SummaryReports reports;

    ReportController(SummaryReports reports) {
        this.reports = reports;
    }

    @Operation(summary = "Summarize payments", operationId = "getSummaryReport", description = "The merchant's buckets "
            + "in time order, one per bucket and currency that had payments.")
    @ApiResponse(responseCode = "200", description = "`{data: [bucket]}`.", content = @Content(mediaType = "application/json",
            schemaProperties = @SchemaProperty(name = "data", array = @ArraySchema(schema = @Schema(implementation = SummaryBucket.class)))))
    @GetMapping("/v1/reports/summary")
    Map<String, List<SummaryBucket>> summary(
            @Parameter(required = true, description = "The start of the range, an ISO 8601 instant (rounded down to the "
                    + "granularity's bucket).", schema = @Schema(format = "date-time", example = "2026-03-02T00:00:00Z"))
            @RequestParam(required = false) String from,
            @Parameter(required = true, description = "The end of the range, after `from` (rounded up to a whole bucket); "
                    + "at most 31 days by the hour, 366 by the day.",
                    schema = @Schema(format = "date-time", example = "2026-03-03T00:00:00Z"))
            @RequestParam(required = false) String to,
            @Parameter(description = "The bucket size.", schema = @Schema(allowableValues = {"hour", "day"}, defaultValue = "hour"))
            @RequestParam(required = false) String granularity,
            @Parameter(description = "Only this currency (ISO 4217, upper case); by default every currency, a bucket each.")
            @RequestParam(required = false) String currency, Caller caller) {
        String merchant = caller.merchantId();
        return Map.of("data", reports.summary(merchant, SummaryQuery.parse(from, to, granularity, currency)));
    }

    @Operation(summary = "Export the payment summary as CSV", operationId = "exportSummaryReport", description = "The "
            + "same buckets as the summary, as a CSV attachment.")
    @ApiResponse(responseCode = "200", description = "The buckets as CSV.",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping("/v1/reports/summary.csv")
    ResponseEntity<String> csv(
            @Parameter(required = true, description = "The start of the range, an ISO 8601 instant (rounded down to the "
                    + "granularity's bucket).", schema = @Schema(format = "date-time", example = "2026-03-02T00:00:00Z"))
            @RequestParam(required = false) String from,
            @Parameter(required = true, description = "The end of the range, after `from` (rounded up to a whole bucket); "
                    + "at most 31 days by the hour, 366 by the day.",
                    schema = @Schema(format = "date-time", example = "2026-03-03T00:00:00Z"))
            @RequestParam(required = false) String to,
            @Parameter(description = "The bucket size.", schema = @Schema(allowableValues = {"hour", "day"}, defaultValue = "hour"))
            @RequestParam(required = false) String granularity,
            @Parameter(description = "Only this currency (ISO 4217, upper case); by default every currency, a bucket each.")
            @RequestParam(required = false) String currency,
            Caller caller) {
        String merchant = caller.merchantId();
        SummaryQuery q = SummaryQuery.parse(from, to, granularity, currency);
        String name = "summary-" + q.from().toString().replace(":", "") + "-" + q.granularity().wire() + ".csv";
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(SummaryCsv.write(reports.summary(merchant, q)));
    }
}

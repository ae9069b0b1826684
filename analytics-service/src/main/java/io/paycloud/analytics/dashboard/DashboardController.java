package io.paycloud.analytics.dashboard;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.analytics.feed.ConsumerLag;
import io.paycloud.analytics.report.SummaryBucket;
import io.paycloud.analytics.report.SummaryQuery;
import io.paycloud.analytics.report.SummaryReports;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.money.Currencies;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Ops: the dashboard page and the JSON it draws, across all merchants. Everything lives under
 * {@code /dashboard} (Chart.js included, see {@link DashboardResources}) so one gateway route with the
 * ops role covers it.
 */
@Tag(name = "Dashboard", description = "The data of the ops dashboard, across all merchants (role `viewer`).")
@SecurityRequirement(name = "operatorToken")
@RestController
class DashboardController {

    private final SummaryReports reports;
    private final ConsumerLag lag;
    /**
     * The page as bytes, not a Resource: Spring answers Range headers on a Resource body itself, and
     * an unsatisfiable range came back as a 416 carrying the page instead of a problem.
     */
    private final byte[] page;

    DashboardController(SummaryReports reports, ConsumerLag lag) throws IOException {
        this.reports = reports;
        this.lag = lag;
        this.page = new ClassPathResource("static/dashboard/index.html").getContentAsByteArray();
    }

    /** The page for browsers: not an operation of the API, so the OpenAPI document leaves it out. */
    @Hidden
    @GetMapping("/dashboard")
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(page);
    }

    /** Hourly series per chart, over the last {@code hours} hours (the current hour included). */
    @Schema(name = "DashboardSeries")
    record Series(@Schema(format = "date-time") String from, @Schema(format = "date-time") String to,
            @ArraySchema(schema = @Schema(format = "date-time"), arraySchema = @Schema(description = "Each hour's start."))
            List<String> hours, List<Long> payments, List<Long> succeeded, List<Long> failed,
            @ArraySchema(schema = @Schema(nullable = true), arraySchema = @Schema(description = "Per hour, in percent; null "
                    + "for an hour without a decided payment.")) List<Double> successRate,
            @Schema(description = "Failed payments per hour, by `failureCode`.") Map<String, List<Long>> declineReasons,
            @Schema(description = "Gross amounts per hour, by currency, in its minor unit.") Map<String, List<Long>> grossByCurrency,
            @Schema(description = "Each currency's minor-unit exponent.") Map<String, Integer> exponents,
            ConsumerLag.Snapshot lag) {
    }

    @Operation(summary = "Read the dashboard's series", operationId = "getDashboardData", description = "Role `viewer`. "
            + "Hourly series over the last `hours` hours (the current hour included), and the consumer's lag.")
    @GetMapping("/dashboard/data")
    Series data(@Parameter(description = "How many hours, 1 to 744 (default 24).",
            schema = @Schema(minimum = "1", maximum = "744", defaultValue = "24")) @RequestParam(required = false) Integer hours) {
        int h = hours == null ? 24 : hours;
        if (h < 1 || h > 24 * 31) {
            throw ApiException.invalid("hours", "hours must be between 1 and 744.");
        }
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant from = to.minus(h, ChronoUnit.HOURS);
        List<SummaryBucket> buckets = reports.summary(null,
                SummaryQuery.parse(from.toString(), to.toString(), "hour", null));
        List<String> labels = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) {
            labels.add(t.toString());
        }
        int n = labels.size();
        long[] payments = new long[n];
        long[] succeeded = new long[n];
        long[] failed = new long[n];
        TreeSet<String> reasons = new TreeSet<>();
        Map<String, long[]> gross = new TreeMap<>();
        Map<String, long[]> declines = new TreeMap<>();
        Map<String, Integer> exponents = new TreeMap<>();
        for (SummaryBucket b : buckets) {
            int i = labels.indexOf(b.start());
            if (i < 0) {
                continue;
            }
            payments[i] += b.count();
            succeeded[i] += b.succeeded();
            failed[i] += b.failed();
            gross.computeIfAbsent(b.currency(), c -> new long[n])[i] += b.grossAmount();
            exponents.put(b.currency(), Currencies.requireExponent(b.currency()));
            for (Map.Entry<String, Long> r : b.declineReasons().entrySet()) {
                reasons.add(r.getKey());
                declines.computeIfAbsent(r.getKey(), k -> new long[n])[i] += r.getValue();
            }
        }
        List<Double> rate = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long decided = succeeded[i] + failed[i];
            rate.add(decided == 0 ? null : Math.round(10000.0 * succeeded[i] / decided) / 100.0);
        }
        Map<String, List<Long>> declineSeries = new LinkedHashMap<>();
        reasons.forEach(r -> declineSeries.put(r, list(declines.get(r))));
        Map<String, List<Long>> grossSeries = new LinkedHashMap<>();
        gross.forEach((c, v) -> grossSeries.put(c, list(v)));
        return new Series(from.toString(), to.toString(), labels, list(payments), list(succeeded), list(failed), rate,
                declineSeries, grossSeries, exponents, lag.snapshot());
    }

    @Operation(summary = "Read the event consumer's lag", operationId = "getDashboardLag", description = "Role `viewer`. "
            + "How far analytics is behind payment-service's events.")
    @GetMapping("/dashboard/lag")
    ConsumerLag.Snapshot lag() {
        return lag.snapshot();
    }

    private static List<Long> list(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}

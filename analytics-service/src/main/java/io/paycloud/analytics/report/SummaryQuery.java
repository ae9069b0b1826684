package io.paycloud.analytics.report;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.money.Currencies;
import io.paycloud.common.time.Times;

/**
 * A validated summary request. Aggregates are kept by hour, so {@code from} is rounded down and
 * {@code to} up to whole buckets of the granularity (UTC hours, or UTC days).
 */
public record SummaryQuery(Instant from, Instant to, Granularity granularity, String currency) {

    /** Bucket sizes, with the longest range each may cover. */
    public enum Granularity {
        HOUR(ChronoUnit.HOURS, Duration.ofDays(31)), DAY(ChronoUnit.DAYS, Duration.ofDays(366));

        final ChronoUnit unit;
        final Duration maxRange;

        Granularity(ChronoUnit unit, Duration maxRange) {
            this.unit = unit;
            this.maxRange = maxRange;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        Instant floor(Instant t) {
            return t.truncatedTo(unit);
        }

        Instant ceil(Instant t) {
            Instant f = floor(t);
            return f.equals(t) ? t : f.plus(1, unit);
        }

        Instant next(Instant t) {
            return t.plus(1, unit);
        }
    }

    public static SummaryQuery parse(String from, String to, String granularity, String currency) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        Granularity g = granularity(granularity);
        if (!t.isAfter(f)) {
            throw ApiException.invalid("to", "to must be after from.");
        }
        Instant start = g.floor(f);
        Instant end = g.ceil(t);
        if (Duration.between(start, end).compareTo(g.maxRange) > 0) {
            throw ApiException.invalid("to", "A " + g.wire() + " report covers at most " + g.maxRange.toDays()
                    + " days; ask for a shorter range or a coarser granularity.");
        }
        return new SummaryQuery(start, end, g, currency(currency));
    }

    private static Instant instant(String param, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.missing(param);
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.invalid(param, param + " must be an ISO 8601 instant such as 2026-01-31T00:00:00Z.");
            }
        }
        if (instant.isBefore(Times.EARLIEST) || instant.isAfter(Times.LATEST)) {
            throw ApiException.invalid(param, param + " must be between " + Times.EARLIEST + " and " + Times.LATEST + ".");
        }
        return instant;
    }

    private static Granularity granularity(String value) {
        if (value == null || value.isBlank()) {
            return Granularity.HOUR;
        }
        for (Granularity g : Granularity.values()) {
            if (g.wire().equals(value)) {
                return g;
            }
        }
        throw ApiException.invalid("granularity", "granularity must be hour or day.");
    }

    private static String currency(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Currencies.isSupported(value)) {
            throw ApiException.invalid("currency", "currency must be a supported ISO 4217 code in upper case.");
        }
        return value;
    }
}

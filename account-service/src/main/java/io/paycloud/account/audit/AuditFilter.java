package io.paycloud.account.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.paycloud.common.error.ApiException;

/**
 * Which audit events a list or export shows: {@code occurredAt} in {@code [from, to)}, an actor, an
 * object; each may be absent.
 */
record AuditFilter(Instant from, Instant to, String actor, String object) {

    static final AuditFilter ALL = new AuditFilter(null, null, null, null);

    // the range of the DATETIME(6) column: a bound outside it is a mistake, not a wish for everything
    private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The query parameters as given; a bad one is a 400 naming it. */
    static AuditFilter parse(String from, String to, String actor, String object) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            throw ApiException.invalid("to", "to must be after from.");
        }
        return new AuditFilter(f, t, text("actor", actor), text("object", object));
    }

    private static Instant instant(String param, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be an ISO 8601 instant, e.g. 2026-03-05T13:00:00Z.");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.invalid(param, param + " must be between years 1000 and 9999.");
        }
        return instant;
    }

    private static String text(String param, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > 100) {
            throw ApiException.invalid(param, param + " is 1 to 100 characters.");
        }
        return value;
    }
}

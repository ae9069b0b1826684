package io.paycloud.account.support;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants to and from {@code DATETIME(6)} columns, which hold UTC wall-clock time. Values are bound as
 * text: Connector/J takes MariaDB (which reports itself as "5.5.5-10.x") for a server without fractional
 * seconds and would drop them from a bound {@link LocalDateTime}; and no time zone can shift text.
 */
public final class Times {

    private static final DateTimeFormatter DB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private Times() {
    }

    public static String toDb(Instant instant) {
        return instant == null ? null : DB.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    public static Instant fromDb(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}

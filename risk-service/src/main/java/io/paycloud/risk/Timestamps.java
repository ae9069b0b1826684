package io.paycloud.risk;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the UTC {@code DATETIME(6)} the schema stores, independent of the JVM's and the
 * driver's time zones.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private Timestamps() {
    }

    /**
     * The value to bind, as text: mysql-connector-j takes MariaDB (which announces itself as
     * "5.5.5-10.x") for a server without fractional seconds and drops them from temporal
     * parameters, whereas a string literal keeps the microseconds on MariaDB, MySQL and H2 alike.
     */
    public static String toDb(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    public static Instant fromDb(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** Truncated to what the database keeps, so a value answered right after a write equals a later read. */
    public static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package io.paycloud.common.time;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants to and from {@code DATETIME(6)} columns, which hold UTC wall-clock time: no conversion here
 * consults the JVM's or the server's zone, and every instant is cut to the microseconds a column keeps,
 * so a value answered right after a write equals a later read.
 */
public final class Times {

    /**
     * The span a query may name. Past it java.time overflows turning bounds into DATETIME values (and the
     * database could not store them); nothing PayCloud records predates 1970.
     */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private Times() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The value to bind as a {@link LocalDateTime} (the MariaDB driver and H2 keep its microseconds). */
    public static LocalDateTime db(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * The value to bind as text: Connector/J takes MariaDB (which announces itself as "5.5.5-10.x") for a
     * server without fractional seconds and drops them from temporal parameters, whereas a string literal
     * keeps the microseconds on MariaDB, MySQL and H2 alike.
     */
    public static String toDb(Instant instant) {
        return instant == null ? null : TEXT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    public static Instant fromDb(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    public static Instant read(ResultSet rs, String column) throws SQLException {
        return fromDb(rs.getObject(column, LocalDateTime.class));
    }
}

package io.paycloud.account.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * After every migration, the schema owner (Flyway's user) grants the application's runtime user its
 * table privileges: SELECT, INSERT, UPDATE and DELETE on every table of the schema, except the audit
 * trail's {@code audit_events}, which it may only read and append to, and Flyway's history table,
 * which it may not touch. So an account-service process, or whoever holds its database password,
 * cannot change or remove an audit event (MySQL answers 1142, "command denied"), while the hash
 * chain's head row and the ledger stay writable. The tables are read from {@code information_schema}
 * on each run, so tables that later migrations add are granted without anyone remembering to.
 * <p>
 * Grants only add: the runtime user must hold nothing database-wide (docker/mysql/init/ makes it so),
 * or a database-wide UPDATE would still reach the audit table. Active only when
 * {@code paycloud.database.runtime-user} is set (docker and k8s profiles); the statements are the same
 * on MySQL 8.4 and MariaDB 10.11.
 */
@Component
@ConditionalOnProperty(prefix = "paycloud.database", name = "runtime-user")
class RuntimeUserGrants implements Callback {

    private static final Logger log = LoggerFactory.getLogger(RuntimeUserGrants.class);

    static final String READ_WRITE = "SELECT, INSERT, UPDATE, DELETE";
    /** Tables whose rows, once written, stay as written: the runtime user reads and appends only. */
    static final Map<String, String> APPEND_ONLY = Map.of("audit_events", "SELECT, INSERT");

    private final String grantee;

    RuntimeUserGrants(DatabaseUserProperties properties) {
        // an empty name is MySQL's anonymous user: never grant to that
        Assert.hasText(properties.runtimeUser(), "paycloud.database.runtime-user is set but empty");
        this.grantee = literal(properties.runtimeUser()) + "@" + literal(properties.runtimeUserHost());
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        String history = context.getConfiguration().getTable();
        try {
            String schema = currentSchema(connection);
            List<String> tables = tables(connection, schema);
            for (String appendOnly : APPEND_ONLY.keySet()) {
                if (!tables.contains(appendOnly)) {
                    // a renamed table would otherwise fall to the read-write grant below
                    throw new FlywayException("The append-only table " + appendOnly + " is not in schema " + schema
                            + ": a migration that renames or drops it updates RuntimeUserGrants.APPEND_ONLY");
                }
            }
            int readWrite = 0;
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    if (table.equals(history)) {
                        continue;
                    }
                    String privileges = APPEND_ONLY.getOrDefault(table, READ_WRITE);
                    statement.execute("GRANT " + privileges + " ON " + identifier(schema) + "." + identifier(table)
                            + " TO " + grantee);
                    if (privileges.equals(READ_WRITE)) {
                        readWrite++;
                    }
                }
            }
            List<String> appendOnly = APPEND_ONLY.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .sorted().toList();
            log.info("Granted {} {} on {} tables of {}, only {}, nothing on {}", grantee, READ_WRITE, readWrite,
                    schema, String.join(", ", appendOnly), history);
        } catch (SQLException e) {
            throw new FlywayException("Granting the runtime user " + grantee + " its table privileges failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "runtime user grants";
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT DATABASE()")) {
            String schema = rs.next() ? rs.getString(1) : null;
            if (schema == null) {
                throw new FlywayException("Flyway's connection has no current database to grant on");
            }
            return schema;
        }
    }

    private static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** A MySQL identifier in backticks, any backtick in it doubled. */
    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A MySQL string literal for the parts of an account name; the properties allow neither quotes nor backslashes. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

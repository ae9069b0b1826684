package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.paycloud.account.AccountApplication;
import io.paycloud.common.testsupport.TestInfrastructure;

/**
 * account-service as compose and Kubernetes run it, with two database users: a schema owner that
 * Flyway migrates as, and a runtime user in the connection pool that gets its table privileges from the
 * owner after every migration. The service appends to the audit trail as the runtime user, and that
 * user, on a connection of its own, cannot change, delete or wipe an audit event, while the chain head
 * and the ledger stay writable for it. Grants need MySQL or MariaDB: on H2 the class is skipped, and
 * CI, which runs it on MariaDB, refuses the skip (.ci/required-tests).
 */
class AuditTableGrantsTest {

    /** MySQL's "command denied to user … for table …". */
    static final int COMMAND_DENIED = 1142;
    static final String OWNER = "pc_grants_owner";
    static final String RUNTIME = "pc_grants_app";

    static TestInfrastructure.Database database;
    static String schema;
    static String ownerPassword;
    static String runtimePassword;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void startWithASchemaOwnerAndARuntimeUser() throws SQLException {
        database = TestInfrastructure.database("grants");
        assumeTrue(database.isMySqlFamily(), "database grants need MySQL or MariaDB, not " + database.kind());
        ownerPassword = password();
        runtimePassword = password();
        try (Connection root = root(); Statement s = root.createStatement()) {
            schema = root.getCatalog();
            dropUsers(s);
            s.execute("CREATE USER '" + OWNER + "'@'%' IDENTIFIED BY '" + ownerPassword + "'");
            s.execute("CREATE USER '" + RUNTIME + "'@'%' IDENTIFIED BY '" + runtimePassword + "'");
            // as docker/mysql/init/ makes accounts_owner; the runtime user gets nothing here
            s.execute("GRANT ALL PRIVILEGES ON `" + schema + "`.* TO '" + OWNER + "'@'%' WITH GRANT OPTION");
        }
        TestInfrastructure.RedisEndpoint redis = TestInfrastructure.redis();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + RUNTIME,
                "--spring.datasource.password=" + runtimePassword,
                "--spring.flyway.user=" + OWNER,
                "--spring.flyway.password=" + ownerPassword,
                "--paycloud.database.runtime-user=" + RUNTIME));
        args.addAll(redis.arguments());
        app = new SpringApplicationBuilder(AccountApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    @AfterAll
    static void dropTheUsersAndTheDatabase() throws SQLException {
        if (app != null) {
            app.close();
        }
        if (schema != null) {
            try (Connection root = root(); Statement s = root.createStatement()) {
                dropUsers(s);
                s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            }
        }
    }

    @Test
    void theServiceRunsAsTheRuntimeUserAndMigratedAsTheOwner() throws SQLException {
        String current = app.getBean(JdbcTemplate.class).queryForObject("SELECT CURRENT_USER()", String.class);
        assertThat(current).startsWith(RUNTIME + "@");
        try (Connection root = root(); Statement s = root.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT installed_by FROM flyway_schema_history")) {
            List<String> installers = new ArrayList<>();
            while (rs.next()) {
                installers.add(rs.getString(1));
            }
            assertThat(installers).containsExactly(OWNER);
        }
    }

    @Test
    void theRuntimeUserAppendsToTheAuditTrailButCannotChangeDeleteOrWipeAnEvent() throws SQLException {
        AuditEvent event = app.getBean(AuditTrail.class).append(new AuditEntry(null, "grants-check", List.of("admin"),
                "POST /v1/merchants", null, "{\"name\":\"Tea\"}", "201", "req_grants", "203.0.113.9"));

        try (Connection runtime = runtime()) {
            assertThat(count(runtime, "SELECT COUNT(*) FROM audit_events WHERE id = ?", event.id())).isEqualTo(1);
            refused(runtime, "UPDATE audit_events SET actor = 'x' WHERE id = '" + event.id() + "'", "UPDATE");
            refused(runtime, "DELETE FROM audit_events WHERE id = '" + event.id() + "'", "DELETE");
            refused(runtime, "DELETE FROM audit_events", "DELETE");
            refused(runtime, "TRUNCATE TABLE audit_events", "DROP");
            refused(runtime, "DROP TABLE audit_events", "DROP");
            refused(runtime, "ALTER TABLE audit_events ADD COLUMN note VARCHAR(10)", "ALTER");
            // it may insert (rolled back here, so the chain stays as the service wrote it)
            runtime.setAutoCommit(false);
            try (PreparedStatement insert = runtime.prepareStatement("INSERT INTO audit_events (seq, id, occurred_at, "
                    + "actor, actor_roles, action, outcome, prev_hash, hash) VALUES (?, ?, NOW(6), 'x', '', 'x', 'x', ?, ?)")) {
                insert.setLong(1, event.sequence() + 1000);
                insert.setString(2, "aud_grants_insert");
                insert.setString(3, "0".repeat(64));
                insert.setString(4, "0".repeat(64));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            } finally {
                runtime.rollback();
            }
        }
        assertThat(app.getBean(AuditChainVerifier.class).verify().ok()).isTrue();
    }

    @Test
    void theRuntimeUserStillLocksAndMovesTheChainHeadAndWritesTheLedgerButNotFlywaysHistory() throws SQLException {
        try (Connection runtime = runtime()) {
            runtime.setAutoCommit(false);
            try (Statement s = runtime.createStatement()) {
                // SELECT … FOR UPDATE needs UPDATE on the table in MySQL 8
                try (ResultSet rs = s.executeQuery("SELECT seq FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(s.executeUpdate("UPDATE audit_chain_head SET seq = seq WHERE id = 1")).isEqualTo(1);
                s.executeUpdate("UPDATE account SET id = id WHERE id = 'acc_none'");
                s.executeUpdate("DELETE FROM transfer WHERE id = 'none'");
            } finally {
                runtime.rollback();
            }
            refused(runtime, "SELECT COUNT(*) FROM flyway_schema_history", "SELECT");
            refused(runtime, "DELETE FROM flyway_schema_history", "DELETE");
        }
    }

    @Test
    void aTableALaterMigrationAddsIsGrantedAfterItAndTheAuditTableStaysAppendOnly() throws SQLException {
        try (Connection owner = DriverManager.getConnection(database.url(), OWNER, ownerPassword);
                Statement s = owner.createStatement()) {
            // what a later migration would do; the grants follow at the end of the next migrate
            s.execute("CREATE TABLE later_feature (id INT NOT NULL PRIMARY KEY)");
        }
        try (Connection runtime = runtime()) {
            refused(runtime, "INSERT INTO later_feature (id) VALUES (1)", "INSERT");
        }

        app.getBean(Flyway.class).migrate();

        try (Connection runtime = runtime(); Statement s = runtime.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO later_feature (id) VALUES (1)")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE later_feature SET id = 2 WHERE id = 1")).isEqualTo(1);
            assertThat(s.executeUpdate("DELETE FROM later_feature WHERE id = 2")).isEqualTo(1);
            refused(runtime, "UPDATE audit_events SET actor = 'x'", "UPDATE");
        }
    }

    static void refused(Connection connection, String sql, String command) {
        assertThatThrownBy(() -> {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).as("%s: %s", sql, e.getMessage()).isEqualTo(COMMAND_DENIED);
            assertThat(e.getMessage()).contains(command + " command denied");
        });
    }

    static long count(Connection connection, String sql, String param) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, param);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Connection root() throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    static Connection runtime() throws SQLException {
        return DriverManager.getConnection(database.url(), RUNTIME, runtimePassword);
    }

    static void dropUsers(Statement root) throws SQLException {
        root.execute("DROP USER IF EXISTS '" + OWNER + "'@'%', '" + RUNTIME + "'@'%'");
    }

    static String password() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

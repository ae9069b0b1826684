package io.paycloud.payment.support;

import java.sql.Connection;

import javax.sql.DataSource;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/** Runs a Java migration again, as Flyway does: on one connection, in one transaction. */
public final class JavaMigrations {

    private JavaMigrations() {
    }

    public static void run(DataSource dataSource, JavaMigration migration) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            migration.migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
            connection.commit();
        }
    }
}

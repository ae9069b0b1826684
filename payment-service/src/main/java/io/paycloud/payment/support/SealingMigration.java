package io.paycloud.payment.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import io.paycloud.common.crypto.FieldCipher;

/**
 * A Flyway migration that seals, in place, the values of one column stored plain before that column was
 * sealed; a value already sealed is left as it is. Spring Boot hands Flyway the {@code JavaMigration}
 * beans, so a subclass is a bean named the way Flyway reads its version ({@code V6__…}): it runs once
 * per database, in Flyway's transaction, before the service reads the column.
 */
public abstract class SealingMigration extends BaseJavaMigration {

    private final FieldCipher cipher;
    private final String table;
    private final String column;
    private final List<String> keyColumns;

    /** {@code table}, {@code column} and {@code keyColumns} are the subclass's constants, never input. */
    protected SealingMigration(FieldCipher cipher, String table, String column, String... keyColumns) {
        this.cipher = cipher;
        this.table = table;
        this.column = column;
        this.keyColumns = List.of(keyColumns);
    }

    /** The associated data the value is sealed with, as the column's writer seals it, from the row's key. */
    protected abstract String associatedData(List<String> key);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String keys = String.join(", ", keyColumns);
        String match = String.join(" = ? AND ", keyColumns) + " = ?";
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT " + keys + ", " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + table + " SET " + column + " = ? WHERE " + match);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String stored = rows.getString(keyColumns.size() + 1);
                if (FieldCipher.isSealed(stored)) {
                    continue;
                }
                List<String> key = new ArrayList<>();
                for (int i = 1; i <= keyColumns.size(); i++) {
                    key.add(rows.getString(i));
                }
                update.setString(1, cipher.seal(stored, associatedData(key)));
                for (int i = 0; i < key.size(); i++) {
                    update.setString(i + 2, key.get(i));
                }
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}

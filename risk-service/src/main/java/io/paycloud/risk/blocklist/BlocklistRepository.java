package io.paycloud.risk.blocklist;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class BlocklistRepository {

    private static final String COLUMNS = "id, entry_type, entry_value, created_at";

    private final JdbcClient jdbc;

    BlocklistRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<BlockEntry> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_blocklist").query(BlocklistRepository::map).list();
    }

    /** A cheap fingerprint of the table: entries are only ever added or removed. */
    String version() {
        return jdbc.sql("SELECT COUNT(*), MAX(id) FROM risk_blocklist")
                .query((rs, n) -> rs.getLong(1) + "/" + rs.getString(2)).single();
    }

    List<BlockEntry> page(int limit, String startingAfter) {
        if (startingAfter == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM risk_blocklist ORDER BY id DESC LIMIT :limit")
                    .param("limit", limit).query(BlocklistRepository::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_blocklist WHERE id < :after ORDER BY id DESC LIMIT :limit")
                .param("after", startingAfter).param("limit", limit).query(BlocklistRepository::map).list();
    }

    Optional<BlockEntry> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_blocklist WHERE id = :id").param("id", id)
                .query(BlocklistRepository::map).optional();
    }

    Optional<BlockEntry> find(BlockType type, String value) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_blocklist WHERE entry_type = :type AND entry_value = :value")
                .param("type", type.wire()).param("value", value).query(BlocklistRepository::map).optional();
    }

    void insert(BlockEntry entry) {
        jdbc.sql("INSERT INTO risk_blocklist (" + COLUMNS + ") VALUES (:id, :type, :value, :createdAt)")
                .param("id", entry.id())
                .param("type", entry.type().wire())
                .param("value", entry.value())
                .param("createdAt", Times.toDb(entry.createdAt()))
                .update();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM risk_blocklist WHERE id = :id").param("id", id).update() == 1;
    }

    private static BlockEntry map(ResultSet rs, int row) throws SQLException {
        return new BlockEntry(rs.getString("id"),
                BlockType.fromWire(rs.getString("entry_type")).orElseThrow(),
                rs.getString("entry_value"),
                Times.fromDb(rs.getObject("created_at", LocalDateTime.class)));
    }
}

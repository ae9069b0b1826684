package io.paycloud.account.merchant;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class MerchantRepository {

    private final JdbcClient jdbc;

    MerchantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record MerchantRow(String id, String name, int feeBps, Instant createdAt) {
    }

    record KeyRow(String id, String merchantId, Instant expiresAt) {
    }

    void insert(MerchantRow m) {
        jdbc.sql("INSERT INTO merchant (id, name, fee_bps, created_at) VALUES (?, ?, ?, ?)")
                .params(m.id(), m.name(), m.feeBps(), Times.toDb(m.createdAt())).update();
    }

    Optional<MerchantRow> find(String id) {
        return jdbc.sql("SELECT id, name, fee_bps, created_at FROM merchant WHERE id = ?").param(id)
                .query((rs, n) -> new MerchantRow(rs.getString("id"), rs.getString("name"), rs.getInt("fee_bps"),
                        Times.fromDb(rs.getObject("created_at", LocalDateTime.class))))
                .optional();
    }

    void insertKey(String id, String merchantId, String hash, String last4, Instant now) {
        jdbc.sql("INSERT INTO api_key (id, merchant_id, key_hash, last4, created_at, expires_at) VALUES (?, ?, ?, ?, ?, NULL)")
                .params(id, merchantId, hash, last4, Times.toDb(now)).update();
    }

    /** Sets the end of every key of the merchant still valid at {@code expiresAt}, never extending one. */
    void expireKeys(String merchantId, Instant now, Instant expiresAt) {
        jdbc.sql("UPDATE api_key SET expires_at = ? WHERE merchant_id = ? AND (expires_at IS NULL OR expires_at > ?)")
                .params(Times.toDb(expiresAt), merchantId, Times.toDb(expiresAt)).update();
    }

    Optional<KeyRow> activeKey(String hash, Instant now) {
        return jdbc.sql("SELECT id, merchant_id, expires_at FROM api_key WHERE key_hash = ? AND (expires_at IS NULL OR expires_at > ?)")
                .params(hash, Times.toDb(now))
                .query((rs, n) -> new KeyRow(rs.getString("id"), rs.getString("merchant_id"),
                        Times.fromDb(rs.getObject("expires_at", LocalDateTime.class))))
                .optional();
    }
}

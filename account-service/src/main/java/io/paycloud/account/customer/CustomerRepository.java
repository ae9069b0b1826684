package io.paycloud.account.customer;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class CustomerRepository {

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record CustomerRow(String id, String merchantId, String name, String email, String currency, String accountId,
            String kycLevel, String idNumberEncrypted, String idNumberMasked, Instant verifiedAt, Instant createdAt) {
    }

    void insert(CustomerRow c) {
        jdbc.sql("""
                INSERT INTO customer (id, merchant_id, name, email, currency, account_id, kyc_level, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), c.merchantId(), c.name(), c.email(), c.currency(), c.accountId(), c.kycLevel(),
                        Times.toDb(c.createdAt()))
                .update();
    }

    Optional<CustomerRow> find(String id) {
        return jdbc.sql("SELECT * FROM customer WHERE id = ?").param(id)
                .query((rs, n) -> new CustomerRow(rs.getString("id"), rs.getString("merchant_id"), rs.getString("name"),
                        rs.getString("email"), rs.getString("currency"), rs.getString("account_id"),
                        rs.getString("kyc_level"), rs.getString("kyc_id_number_enc"), rs.getString("kyc_id_masked"),
                        Times.fromDb(rs.getObject("kyc_verified_at", LocalDateTime.class)),
                        Times.fromDb(rs.getObject("created_at", LocalDateTime.class))))
                .optional();
    }

    /** Records a verification unless one is already there (then false: the caller decides what that means). */
    boolean verify(String id, String fullName, String encrypted, String masked, Instant at) {
        return jdbc.sql("""
                UPDATE customer SET kyc_level = 'verified', kyc_full_name = ?, kyc_id_number_enc = ?, kyc_id_masked = ?,
                    kyc_verified_at = ?
                WHERE id = ? AND kyc_level <> 'verified'""")
                .params(fullName, encrypted, masked, Times.toDb(at), id).update() == 1;
    }
}

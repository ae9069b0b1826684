package io.paycloud.risk.anomaly;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class OutcomeRepository {

    private final JdbcClient jdbc;

    OutcomeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the outcome; a second one for the same payment is a {@code DuplicateKeyException}. */
    void insert(OutcomeRequest o, Instant now) {
        jdbc.sql("INSERT INTO risk_outcomes (payment_id, customer_id, amount, currency, status, created_at) "
                + "VALUES (:payment, :customer, :amount, :currency, :status, :now)")
                .param("payment", o.payment()).param("customer", o.customer()).param("amount", o.amount())
                .param("currency", o.currency()).param("status", o.status()).param("now", Times.toDb(now))
                .update();
    }

    Optional<OutcomeRequest> find(String payment) {
        return jdbc.sql("SELECT payment_id, customer_id, amount, currency, status FROM risk_outcomes "
                + "WHERE payment_id = :payment")
                .param("payment", payment)
                .query((rs, n) -> new OutcomeRequest(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5)))
                .optional();
    }
}

package io.paycloud.risk.anomaly;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class CustomerStatsRepository {

    private final JdbcClient jdbc;

    CustomerStatsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AmountStats> find(String customer, String currency) {
        return jdbc.sql("SELECT payment_count, amount_sum, amount_square_sum FROM risk_customer_stats "
                + "WHERE customer_id = :customer AND currency = :currency")
                .param("customer", customer).param("currency", currency)
                .query((rs, n) -> new AmountStats(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(),
                        rs.getBigDecimal(3).toBigIntegerExact()))
                .optional();
    }

    /** Adds one amount with a guarded in-place update; false when the customer has no row yet. */
    boolean addTo(String customer, String currency, long amount, Instant now) {
        BigDecimal a = BigDecimal.valueOf(amount);
        return jdbc.sql("UPDATE risk_customer_stats SET payment_count = payment_count + 1, "
                + "amount_sum = amount_sum + :amount, amount_square_sum = amount_square_sum + :square, "
                + "updated_at = :now WHERE customer_id = :customer AND currency = :currency")
                .param("amount", a).param("square", a.multiply(a)).param("now", Times.toDb(now))
                .param("customer", customer).param("currency", currency)
                .update() == 1;
    }

    void insertFirst(String customer, String currency, long amount, Instant now) {
        BigDecimal a = BigDecimal.valueOf(amount);
        jdbc.sql("INSERT INTO risk_customer_stats (customer_id, currency, payment_count, amount_sum, "
                + "amount_square_sum, updated_at) VALUES (:customer, :currency, 1, :amount, :square, :now)")
                .param("customer", customer).param("currency", currency)
                .param("amount", a).param("square", a.multiply(a)).param("now", Times.toDb(now))
                .update();
    }
}

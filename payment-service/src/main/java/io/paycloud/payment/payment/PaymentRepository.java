package io.paycloud.payment.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.common.time.Times;
import io.paycloud.payment.event.EventStore;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payments in the database. Every change is a {@link #transition}: one guarded UPDATE (the row's
 * version must not have moved since it was read) plus its event, in one transaction. A caller that
 * loses the race gets {@code Optional.empty()} and re-reads; nothing is ever overwritten blindly.
 */
@Repository
class PaymentRepository {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EventStore events;
    private final TransactionTemplate tx;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    PaymentRepository(JdbcClient jdbc, JsonMapper json, EventStore events, TransactionTemplate tx,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.tx = tx;
        this.meters = meters;
    }

    /** {@code paycloud_payments_total{status}}: payments created and reaching each announced status. */
    private void count(String status) {
        meters.counter("paycloud.payments", "status", status).increment();
    }

    /** The payment an earlier run of the same keyed request created, if any. */
    Optional<Payment> findByIdempotencyKey(String merchantId, String idempotencyKey) {
        return jdbc.sql("SELECT * FROM payment WHERE merchant_id = ? AND idempotency_key = ?")
                .params(merchantId, idempotencyKey).query(this::map).optional();
    }

    Payment insert(Payment p, String idempotencyKey) {
        Payment saved = tx.execute(status -> {
            jdbc.sql("""
                    INSERT INTO payment (id, merchant_id, customer_id, payer_account_id, merchant_account_id,
                      fee_account_id, fee_bps, amount, currency, status, capture_method, amount_capturable,
                      amount_captured, amount_refunded, fee, capture_amount, description, metadata, failure_code,
                      failure_message, risk_decision, risk_assessment_id, kyc_level, customer_email, client_ip,
                      device_id, version, created_at, updated_at, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(p.id(), p.merchantId(), p.customerId(), p.payerAccountId(), p.merchantAccountId(),
                            p.feeAccountId(), p.feeBps(), p.amount(), p.currency(), p.status().wire(),
                            p.captureMethod(), p.amountCapturable(), p.amountCaptured(), p.amountRefunded(), p.fee(),
                            p.captureAmount(), p.description(), metadata(p.metadata()), p.failureCode(),
                            p.failureMessage(), p.riskDecision(), p.riskAssessmentId(), p.kycLevel(),
                            p.customerEmail(), p.clientIp(), p.deviceId(), p.version(), Times.db(p.createdAt()),
                            Times.db(p.updatedAt()), idempotencyKey)
                    .update();
            events.append(p.merchantId(), "payment.created", p.id(), p.version(), PaymentResponse.of(p), p.createdAt());
            return p;
        });
        count("created");
        return saved;
    }

    /**
     * Moves {@code current} to {@code next} if nobody changed it meanwhile, checking the state machine
     * and writing the transition's event. Empty when the row's version moved (a concurrent change won).
     */
    Optional<Payment> transition(Payment current, Payment next) {
        PaymentStateMachine.check(current.status(), next.status());
        Instant now = Times.now();
        Payment saved = new Payment(next.id(), next.merchantId(), next.customerId(), next.payerAccountId(),
                next.merchantAccountId(), next.feeAccountId(), next.feeBps(), next.amount(), next.currency(),
                next.status(), next.captureMethod(), next.amountCapturable(), next.amountCaptured(),
                next.amountRefunded(), next.fee(), next.captureAmount(), next.description(), next.metadata(),
                next.failureCode(), next.failureMessage(), next.riskDecision(), next.riskAssessmentId(),
                next.kycLevel(), next.customerEmail(), next.clientIp(), next.deviceId(), current.version() + 1,
                next.createdAt(), now);
        Optional<Payment> result = Optional.ofNullable(tx.execute(status -> {
            int updated = jdbc.sql("""
                    UPDATE payment SET status = ?, amount_capturable = ?, amount_captured = ?, amount_refunded = ?,
                      fee = ?, capture_amount = ?, failure_code = ?, failure_message = ?, risk_decision = ?,
                      risk_assessment_id = ?, version = ?, updated_at = ?
                    WHERE id = ? AND version = ?""")
                    .params(saved.status().wire(), saved.amountCapturable(), saved.amountCaptured(),
                            saved.amountRefunded(), saved.fee(), saved.captureAmount(), saved.failureCode(),
                            saved.failureMessage(), saved.riskDecision(), saved.riskAssessmentId(), saved.version(),
                            Times.db(now), saved.id(), current.version())
                    .update();
            if (updated == 0) {
                return null;
            }
            String type = PaymentStateMachine.eventType(current.status(), saved.status());
            if (type != null) {
                events.append(saved.merchantId(), type, saved.id(), saved.version(), PaymentResponse.of(saved), now);
            }
            return saved;
        }));
        result.filter(p -> PaymentStateMachine.eventType(current.status(), p.status()) != null)
                .ifPresent(p -> count(p.status().wire()));
        return result;
    }

    Optional<Payment> find(String id) {
        return jdbc.sql("SELECT * FROM payment WHERE id = ?").param(id).query(this::map).optional();
    }

    List<Payment> list(String merchantId, int limit, String startingAfter, String status, String customer) {
        StringBuilder sql = new StringBuilder("SELECT * FROM payment WHERE merchant_id = ?");
        List<Object> params = new ArrayList<>(List.of(merchantId));
        if (startingAfter != null) {
            sql.append(" AND id < ?");
            params.add(startingAfter);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (customer != null) {
            sql.append(" AND customer_id = ?");
            params.add(customer);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    /** Payments left in processing since before {@code cutoff}: the janitor's work list. */
    List<Payment> stuck(Instant cutoff, int limit) {
        return jdbc.sql("SELECT * FROM payment WHERE status = 'processing' AND updated_at < ? ORDER BY updated_at LIMIT ?")
                .params(Times.db(cutoff), limit)
                .query(this::map)
                .list();
    }

    /**
     * Claims a stuck payment for this replica: bumps its version and time, so other replicas' janitors
     * see it as fresh and the original request, if it is still running, loses its next transition.
     */
    Optional<Payment> claim(Payment p) {
        Instant now = Times.now();
        int updated = jdbc.sql("UPDATE payment SET version = ?, updated_at = ? WHERE id = ? AND version = ? AND status = 'processing'")
                .params(p.version() + 1, Times.db(now), p.id(), p.version())
                .update();
        return updated == 1 ? find(p.id()) : Optional.empty();
    }

    private Payment map(ResultSet rs, int row) throws SQLException {
        long captureAmount = rs.getLong("capture_amount");
        Long capture = rs.wasNull() ? null : captureAmount;
        return new Payment(rs.getString("id"), rs.getString("merchant_id"), rs.getString("customer_id"),
                rs.getString("payer_account_id"), rs.getString("merchant_account_id"), rs.getString("fee_account_id"),
                rs.getInt("fee_bps"), rs.getLong("amount"), rs.getString("currency"),
                PaymentStatus.fromWire(rs.getString("status")), rs.getString("capture_method"),
                rs.getLong("amount_capturable"), rs.getLong("amount_captured"), rs.getLong("amount_refunded"),
                rs.getLong("fee"), capture, rs.getString("description"), readMetadata(rs.getString("metadata")),
                rs.getString("failure_code"), rs.getString("failure_message"), rs.getString("risk_decision"),
                rs.getString("risk_assessment_id"), rs.getString("kyc_level"), rs.getString("customer_email"),
                rs.getString("client_ip"), rs.getString("device_id"), rs.getInt("version"),
                Times.read(rs, "created_at"), Times.read(rs, "updated_at"));
    }

    private String metadata(Map<String, String> metadata) {
        return metadata == null || metadata.isEmpty() ? null : json.writeValueAsString(metadata);
    }

    private Map<String, String> readMetadata(String value) {
        return value == null ? Map.of() : json.readValue(value, METADATA);
    }
}

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

    Payment insert(Payment p, String idempotencyKey, KeyRecord key) {
        return insert(p, p.state(), null, idempotencyKey, key, true);
    }

    /**
     * Creates {@code created} already in {@code first}, its state after its first transition, with
     * {@code payment.created} and that transition's {@code event} (null for none) in one transaction:
     * a payment confirmed as it is created costs one write for its creation and its risk decision.
     * {@code key} records the request's key in the same transaction ({@code last}: with its answer).
     */
    Payment insert(Payment created, Payment.State first, String event, String idempotencyKey, KeyRecord key,
            boolean last) {
        Payment.Terms t = created.terms();
        int version = event == null ? created.version() : created.version() + 1;
        Instant at = first.equals(created.state()) ? created.state().updatedAt() : Times.now();
        Payment saved = created.with(first.saved(version, at));
        Payment.State s = saved.state();
        tx.executeWithoutResult(status -> {
            // the key first: a concurrent request under the same key fails here, before anything else is written
            key.write(saved, last);
            jdbc.sql("""
                    INSERT INTO payment (id, merchant_id, customer_id, payer_account_id, merchant_account_id,
                      fee_account_id, fee_bps, amount, currency, status, operation, operation_from, capture_method,
                      amount_capturable, amount_captured, amount_refunded, fee, capture_amount, description, metadata,
                      failure_code, failure_message, risk_decision, risk_assessment_id, kyc_level, customer_email,
                      client_ip, device_id, version, created_at, updated_at, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(t.id(), t.merchantId(), t.customerId(), t.payerAccountId(), t.merchantAccountId(),
                            t.feeAccountId(), t.feeBps(), t.amount(), t.currency(), s.status().wire(),
                            wire(s.operation()), wire(s.operationFrom()), t.captureMethod(), s.amountCapturable(),
                            s.amountCaptured(), s.amountRefunded(), s.fee(), s.captureAmount(), t.description(),
                            metadata(t.metadata()), s.failureCode(), s.failureMessage(), s.riskDecision(),
                            s.riskAssessmentId(), t.kycLevel(), t.customerEmail(), t.clientIp(), t.deviceId(),
                            s.version(), Times.db(t.createdAt()), Times.db(s.updatedAt()), idempotencyKey)
                    .update();
            events.append(t.merchantId(), "payment.created", t.id(), created.version(), PaymentResponse.of(created),
                    t.createdAt());
            if (event != null) {
                events.append(t.merchantId(), event, t.id(), s.version(), PaymentResponse.of(saved), s.updatedAt());
            }
        });
        count("created");
        if (event != null) {
            count(s.status().wire());
        }
        return saved;
    }

    /**
     * Saves {@code next} over {@code current} if nobody changed the payment meanwhile, with {@code event}
     * (null for none) in the same transaction. Empty when the row's version moved: a concurrent change won.
     * Which transitions exist is {@link Lifecycle}'s business; this only writes them. {@code key} records
     * the request's key in the same transaction, with its answer when this is its {@code last} write; a
     * concurrent request that recorded the same key first makes this throw before the payment is touched.
     */
    Optional<Payment> transition(Payment current, Payment.State next, String event) {
        return transition(current, next, event, KeyRecord.NONE, true);
    }

    Optional<Payment> transition(Payment current, Payment.State next, String event, KeyRecord key, boolean last) {
        Instant now = Times.now();
        Payment saved = current.with(next.saved(current.version() + 1, now));
        Payment.State s = saved.state();
        Optional<Payment> result = Optional.ofNullable(tx.execute(status -> {
            key.write(saved, last);
            int updated = jdbc.sql("""
                    UPDATE payment SET status = ?, operation = ?, operation_from = ?, amount_capturable = ?,
                      amount_captured = ?, amount_refunded = ?, fee = ?, capture_amount = ?, failure_code = ?,
                      failure_message = ?, risk_decision = ?, risk_assessment_id = ?, version = ?, updated_at = ?
                    WHERE id = ? AND version = ?""")
                    .params(s.status().wire(), wire(s.operation()), wire(s.operationFrom()), s.amountCapturable(),
                            s.amountCaptured(), s.amountRefunded(), s.fee(), s.captureAmount(), s.failureCode(),
                            s.failureMessage(), s.riskDecision(), s.riskAssessmentId(), s.version(), Times.db(now),
                            saved.id(), current.version())
                    .update();
            if (updated == 0) {
                status.setRollbackOnly(); // the key's record goes with the transition that was not made
                return null;
            }
            if (event != null) {
                events.append(saved.merchantId(), event, saved.id(), s.version(), PaymentResponse.of(saved), now);
            }
            return saved;
        }));
        if (event != null) {
            result.ifPresent(p -> count(p.status().wire()));
        }
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
        String from = rs.getString("operation_from");
        Payment.Terms terms = new Payment.Terms(rs.getString("id"), rs.getString("merchant_id"),
                rs.getString("customer_id"), rs.getString("payer_account_id"), rs.getString("merchant_account_id"),
                rs.getString("fee_account_id"), rs.getInt("fee_bps"), rs.getLong("amount"), rs.getString("currency"),
                rs.getString("capture_method"), rs.getString("description"), readMetadata(rs.getString("metadata")),
                rs.getString("kyc_level"), rs.getString("customer_email"), rs.getString("client_ip"),
                rs.getString("device_id"), Times.read(rs, "created_at"));
        Payment.State state = new Payment.State(PaymentStatus.fromWire(rs.getString("status")),
                Operation.fromWire(rs.getString("operation")), from == null ? null : PaymentStatus.fromWire(from),
                capture, rs.getLong("amount_capturable"), rs.getLong("amount_captured"),
                rs.getLong("amount_refunded"), rs.getLong("fee"), rs.getString("failure_code"),
                rs.getString("failure_message"), rs.getString("risk_decision"), rs.getString("risk_assessment_id"),
                rs.getInt("version"), Times.read(rs, "updated_at"));
        return new Payment(terms, state);
    }

    private static String wire(Operation op) {
        return op == null ? null : op.wire();
    }

    private static String wire(PaymentStatus status) {
        return status == null ? null : status.wire();
    }

    private String metadata(Map<String, String> metadata) {
        return metadata == null || metadata.isEmpty() ? null : json.writeValueAsString(metadata);
    }

    private Map<String, String> readMetadata(String value) {
        return value == null ? Map.of() : json.readValue(value, METADATA);
    }
}

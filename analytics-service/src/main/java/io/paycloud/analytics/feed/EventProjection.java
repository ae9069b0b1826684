package io.paycloud.analytics.feed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.common.money.Money;
import io.paycloud.common.money.TransferLeg;
import io.paycloud.common.time.Times;
import tools.jackson.databind.JsonNode;

/**
 * Turns one feed event into changes of the aggregates: the payment's fact row, its hour's counters
 * and breakdowns, and the ledger transfers the event says must exist. Runs inside the batch's
 * transaction; {@link EventApplier} has already made sure the event was not applied before.
 *
 * <p>Each event counts in the UTC hour it happened in (its {@code createdAt}): a payment created at
 * 10:59 and captured at 11:00 adds to {@code count} at 10:00 and to {@code succeeded} and gross at 11:00,
 * which is also the day the ledger moved the money.
 */
@Component
class EventProjection {

    private static final Logger log = LoggerFactory.getLogger(EventProjection.class);

    private final JdbcClient jdbc;

    EventProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Fact(String merchantId, String currency, String status, int objectSequence, long captured,
            long fee, long refunded, long feeReversed, String riskDecision) {
    }

    /** Counter changes for one hour row; only the non-zero ones are written. */
    private static final class Delta {
        long created, review, requiresCapture, succeeded, failed, canceled, gross, fee;
        long refunds, refundsFailed, refunded, feeReversed;
    }

    /** Applies the event; false when it was stale or of a kind analytics does not count. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean apply(FeedEvent e) {
        Instant at = Instant.parse(e.createdAt());
        if (e.type().startsWith("payment.")) {
            return applyPayment(e, at);
        }
        if (e.type().equals("refund.succeeded") || e.type().equals("refund.failed")) {
            return applyRefund(e, at);
        }
        log.debug("Event {} of type {} is not aggregated", e.id(), e.type());
        return false;
    }

    private boolean applyPayment(FeedEvent e, Instant at) {
        JsonNode p = e.data();
        String paymentId = e.objectId();
        Optional<Fact> known = fact(paymentId);
        if (known.isPresent() && e.objectSequence() <= known.get().objectSequence()) {
            // an older state of the payment than the one already counted
            return false;
        }
        String currency = p.path("currency").asString();
        Delta d = new Delta();
        long captured = p.path("amountCaptured").asLong(0);
        long fee = p.path("fee").asLong(0);
        String failureCode = text(p, "failureCode");
        switch (e.type()) {
            case "payment.created" -> d.created = 1;
            case "payment.requires_review" -> d.review = 1;
            case "payment.requires_capture" -> d.requiresCapture = 1;
            case "payment.succeeded" -> {
                d.succeeded = 1;
                d.gross = captured;
                d.fee = fee;
                expect(TransferLeg.CAPTURE.of(paymentId), "capture", e, currency, captured, paymentId, null, at);
                if (fee > 0) {
                    expect(TransferLeg.FEE.of(paymentId), "fee", e, currency, fee, paymentId, null, at);
                }
            }
            case "payment.failed" -> {
                d.failed = 1;
                count(e.merchantId(), currency, at, "decline", failureCode == null ? "unknown" : failureCode);
            }
            case "payment.canceled" -> d.canceled = 1;
            default -> {
                log.debug("Payment event type {} is not aggregated", e.type());
            }
        }
        String risk = text(p, "riskDecision");
        if (risk != null && (known.isEmpty() || known.get().riskDecision() == null)) {
            count(e.merchantId(), currency, at, "risk", risk);
        }
        add(e.merchantId(), currency, at, d);
        saveFact(paymentId, e, p, currency, captured, fee, failureCode, risk, known, at);
        return true;
    }

    private boolean applyRefund(FeedEvent e, Instant at) {
        JsonNode r = e.data();
        String refundId = e.objectId();
        String paymentId = r.path("payment").asString();
        String currency = r.path("currency").asString();
        long amount = r.path("amount").asLong(0);
        Delta d = new Delta();
        if (e.type().equals("refund.failed")) {
            d.refundsFailed = 1;
            add(e.merchantId(), currency, at, d);
            return true;
        }
        long feeReversed = feeReversed(r, paymentId, amount, currency);
        d.refunds = 1;
        d.refunded = amount;
        d.feeReversed = feeReversed;
        add(e.merchantId(), currency, at, d);
        jdbc.sql("""
                UPDATE payment_fact SET amount_refunded = amount_refunded + ?, fee_reversed = fee_reversed + ?,
                  updated_at = ? WHERE payment_id = ?""")
                .params(amount, feeReversed, Times.db(at), paymentId).update();
        expect(TransferLeg.REFUND.of(refundId), "refund", e, currency, amount, paymentId, refundId, at);
        if (feeReversed > 0) {
            expect(TransferLeg.FEE.of(refundId), "fee_reversal", e, currency, feeReversed, paymentId, refundId, at);
        }
        return true;
    }

    /**
     * The fee given back with a refund. The refund object does not carry it, so it is worked out as
     * payment-service does: pro rata of the payment's fee, and the refund that empties the payment
     * returns exactly what is left of the fee. A {@code feeReversed} field on the refund, if
     * payment-service adds one, wins.
     */
    private long feeReversed(JsonNode refund, String paymentId, long amount, String currency) {
        if (refund.hasNonNull("feeReversed")) {
            return refund.get("feeReversed").asLong(0);
        }
        Optional<Fact> payment = fact(paymentId);
        if (payment.isEmpty() || payment.get().captured() <= 0) {
            log.warn("Refund of unknown or uncaptured payment {}: no fee reversal counted", paymentId);
            return 0;
        }
        Fact p = payment.get();
        long feeLeft = p.fee() - p.feeReversed();
        if (amount >= p.captured() - p.refunded()) {
            return Math.max(0, feeLeft);
        }
        return Math.max(0, Math.min(feeLeft, Money.of(p.fee(), currency).share(amount, p.captured()).minorUnits()));
    }

    private Optional<Fact> fact(String paymentId) {
        return jdbc.sql("""
                SELECT merchant_id, currency, status, object_sequence, amount_captured, fee, amount_refunded,
                  fee_reversed, risk_decision FROM payment_fact WHERE payment_id = ?""")
                .param(paymentId)
                .query((rs, n) -> new Fact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9)))
                .optional();
    }

    private void saveFact(String paymentId, FeedEvent e, JsonNode p, String currency, long captured, long fee,
            String failureCode, String risk, Optional<Fact> known, Instant at) {
        String status = p.path("status").asString();
        String keptRisk = known.map(Fact::riskDecision).orElse(null) != null ? known.get().riskDecision() : risk;
        if (known.isPresent()) {
            jdbc.sql("""
                    UPDATE payment_fact SET status = ?, object_sequence = ?, amount_captured = ?, fee = ?,
                      risk_decision = ?, failure_code = ?, updated_at = ? WHERE payment_id = ?""")
                    .params(status, e.objectSequence(), captured, fee, keptRisk, failureCode, Times.db(at), paymentId)
                    .update();
            return;
        }
        Instant created = p.hasNonNull("createdAt") ? Instant.parse(p.get("createdAt").asString()) : at;
        jdbc.sql("""
                INSERT INTO payment_fact (payment_id, merchant_id, currency, amount, status, object_sequence,
                  amount_captured, fee, amount_refunded, fee_reversed, risk_decision, failure_code, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                .params(paymentId, e.merchantId(), currency, p.path("amount").asLong(0), status, e.objectSequence(),
                        captured, fee, p.path("amountRefunded").asLong(0), keptRisk, failureCode, Times.db(created),
                        Times.db(at))
                .update();
    }

    private void add(String merchantId, String currency, Instant at, Delta d) {
        Object[] values = {d.created, d.review, d.requiresCapture, d.succeeded, d.failed, d.canceled, d.gross, d.fee,
                d.refunds, d.refundsFailed, d.refunded, d.feeReversed};
        boolean any = false;
        for (Object v : values) {
            any |= (Long) v != 0;
        }
        if (!any) {
            return;
        }
        // the cursor row is locked for the batch, so nobody else can insert this hour in between
        int updated = jdbc.sql("""
                UPDATE hourly_stats SET created_count = created_count + ?, requires_review_count = requires_review_count + ?,
                  requires_capture_count = requires_capture_count + ?, succeeded_count = succeeded_count + ?,
                  failed_count = failed_count + ?, canceled_count = canceled_count + ?, gross_amount = gross_amount + ?,
                  fee_amount = fee_amount + ?, refund_count = refund_count + ?, refund_failed_count = refund_failed_count + ?,
                  refunded_amount = refunded_amount + ?, fee_reversed_amount = fee_reversed_amount + ?
                WHERE merchant_id = ? AND currency = ? AND hour_start = ?""")
                .params(concat(values, merchantId, currency, Times.db(hour(at))))
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO hourly_stats (created_count, requires_review_count, requires_capture_count, succeeded_count,
                      failed_count, canceled_count, gross_amount, fee_amount, refund_count, refund_failed_count,
                      refunded_amount, fee_reversed_amount, merchant_id, currency, hour_start)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(concat(values, merchantId, currency, Times.db(hour(at))))
                    .update();
        }
    }

    private void count(String merchantId, String currency, Instant at, String dimension, String label) {
        String l = label.length() > 40 ? label.substring(0, 40) : label;
        int updated = jdbc.sql("""
                UPDATE hourly_breakdown SET item_count = item_count + 1
                WHERE merchant_id = ? AND currency = ? AND hour_start = ? AND dimension = ? AND label = ?""")
                .params(merchantId, currency, Times.db(hour(at)), dimension, l).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO hourly_breakdown (merchant_id, currency, hour_start, dimension, label, item_count)
                    VALUES (?, ?, ?, ?, ?, 1)""")
                    .params(merchantId, currency, Times.db(hour(at)), dimension, l).update();
        }
    }

    private void expect(String transferId, String kind, FeedEvent e, String currency, long amount, String paymentId,
            String refundId, Instant at) {
        jdbc.sql("""
                INSERT INTO ledger_expectation (transfer_id, kind, merchant_id, currency, amount, payment_id, refund_id,
                  event_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(transferId, kind, e.merchantId(), currency, amount, paymentId, refundId, e.id(), Times.db(at))
                .update();
    }

    private static Instant hour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    private static Object[] concat(Object[] values, Object... more) {
        Object[] all = new Object[values.length + more.length];
        System.arraycopy(values, 0, all, 0, values.length);
        System.arraycopy(more, 0, all, values.length, more.length);
        return all;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}

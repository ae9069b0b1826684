package io.paycloud.payment.payment;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.money.Money;
import io.paycloud.common.time.Times;

/**
 * What the refund feature may do to a payment: reserve part of what was captured and give it back.
 * Both run inside the refund's own transaction with the payment row locked, so concurrent refunds
 * of one payment can never together exceed what was captured.
 */
@Component
public class PaymentRefunds {

    private final JdbcClient jdbc;

    PaymentRefunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a refund moves: the amount back to the payer and the fee the platform gives back. */
    public record Reservation(String paymentId, String currency, String payerAccountId, String merchantAccountId,
            String feeAccountId, long amount, long feeReversed) {
    }

    private record Row(String merchantId, String status, String currency, String payer, String merchant, String feeAcc,
            long captured, long refunded, long fee, long feeRefunded) {
    }

    /**
     * Reserves {@code requested} (or all that is left) of a succeeded payment. The fee is reversed pro
     * rata, and the refund that empties the payment returns exactly the fee that is left, so rounding
     * never creates or loses a minor unit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reservation reserve(String merchantId, String paymentId, Long requested) {
        Row p = lock(paymentId).filter(r -> r.merchantId().equals(merchantId))
                .orElseThrow(() -> new ApiException(io.paycloud.common.error.ErrorCode.RESOURCE_MISSING, "payment",
                        "No such payment: '" + paymentId + "'."));
        if (!"succeeded".equals(p.status())) {
            throw ApiException.stateInvalid("Only a succeeded payment can be refunded; this one is " + p.status() + ".");
        }
        long left = p.captured() - p.refunded();
        long amount = requested == null ? left : requested;
        if (left <= 0) {
            throw ApiException.invalid("amount", "The payment has been refunded in full.");
        }
        if (amount > left) {
            throw ApiException.invalid("amount", "amount may not exceed what is left to refund (" + left + ").");
        }
        long feeReversed = amount == left ? p.fee() - p.feeRefunded()
                : Math.min(p.fee() - p.feeRefunded(), Money.of(p.fee(), p.currency()).share(amount, p.captured()).minorUnits());
        jdbc.sql("""
                UPDATE payment SET amount_refunded = amount_refunded + ?, fee_refunded = fee_refunded + ?, updated_at = ?
                WHERE id = ?""")
                .params(amount, feeReversed, Times.db(Times.now()), paymentId)
                .update();
        return new Reservation(paymentId, p.currency(), p.payer(), p.merchant(), p.feeAcc(), amount, feeReversed);
    }

    /** Gives a failed refund's reservation back. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(String paymentId, long amount, long feeReversed) {
        lock(paymentId);
        jdbc.sql("""
                UPDATE payment SET amount_refunded = amount_refunded - ?, fee_refunded = fee_refunded - ?, updated_at = ?
                WHERE id = ? AND amount_refunded >= ? AND fee_refunded >= ?""")
                .params(amount, feeReversed, Times.db(Times.now()), paymentId, amount, feeReversed)
                .update();
    }

    /** The accounts a refund of this payment moves money between, for settling it later. */
    public Reservation describe(String paymentId, long amount, long feeReversed) {
        return jdbc.sql("SELECT currency, payer_account_id, merchant_account_id, fee_account_id FROM payment WHERE id = ?")
                .param(paymentId)
                .query((rs, n) -> new Reservation(paymentId, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), amount, feeReversed))
                .single();
    }

    private Optional<Row> lock(String paymentId) {
        return jdbc.sql("""
                SELECT merchant_id, status, currency, payer_account_id, merchant_account_id, fee_account_id,
                  amount_captured, amount_refunded, fee, fee_refunded
                FROM payment WHERE id = ? FOR UPDATE""")
                .param(paymentId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)))
                .optional();
    }
}

package io.paycloud.analytics;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Money;

/**
 * Plays payments through the feed stub the way payment-service announces them (events with the
 * payment or refund object), and records in the ledger stub the transfers payment-service would have
 * made, with its deterministic ids, fee rounding and pro-rata fee reversal.
 */
public final class Simulator {

    private final PaymentServiceStub feed;
    private final LedgerStub ledger;
    private final Map<String, Paid> payments = new HashMap<>();

    public Simulator(PaymentServiceStub feed, LedgerStub ledger) {
        this.feed = feed;
        this.ledger = ledger;
    }

    /** A captured payment as the simulator knows it. */
    public static final class Paid {
        public final String id;
        public final String merchant;
        public final String currency;
        public final long amount;
        public final long fee;
        long refunded;
        long feeRefunded;
        int version;

        Paid(String id, String merchant, String currency, long amount, long fee) {
            this.id = id;
            this.merchant = merchant;
            this.currency = currency;
            this.amount = amount;
            this.fee = fee;
        }
    }

    public record Refunded(String id, long amount, long feeReversed) {
    }

    /** Created at {@code at}, captured automatically a second later with a fee of {@code feeBps}. */
    public Paid succeeded(String merchant, String currency, long amount, int feeBps, Instant at) {
        String id = Ids.newId("pay");
        long fee = Money.of(amount, currency).share(feeBps, 10_000).minorUnits();
        Paid p = new Paid(id, merchant, currency, amount, fee);
        payments.put(id, p);
        feed.append(Ids.newId("evt"), merchant, "payment.created", id, 1, at.toString(),
                payment(p, "requires_confirmation", 0, 0, null, null, at));
        Instant done = at.plusSeconds(1);
        feed.append(Ids.newId("evt"), merchant, "payment.succeeded", id, 4, done.toString(),
                payment(p, "succeeded", amount, fee, null, "approve", at));
        p.version = 4;
        if (ledger != null) {
            ledger.add(id + ".auth", "pending", "posted", amount, currency, at.plusMillis(500).toString());
            ledger.add(id + ".capture", "post_pending", "posted", amount, currency, done.minusMillis(100).toString());
            if (fee > 0) {
                ledger.add(id + ".fee", "single", "posted", fee, currency, done.minusMillis(100).toString());
            }
        }
        return p;
    }

    /** Created, then failed with {@code failureCode} after a risk decision. */
    public String failed(String merchant, String currency, long amount, String failureCode, String riskDecision,
            Instant at) {
        String id = Ids.newId("pay");
        Paid p = new Paid(id, merchant, currency, amount, 0);
        feed.append(Ids.newId("evt"), merchant, "payment.created", id, 1, at.toString(),
                payment(p, "requires_confirmation", 0, 0, null, null, at));
        feed.append(Ids.newId("evt"), merchant, "payment.failed", id, 3, at.plusSeconds(1).toString(),
                payment(p, "failed", 0, 0, failureCode, riskDecision, at));
        return id;
    }

    /** A refund of {@code amount} (null: all that is left), reversing the fee as payment-service does. */
    public Refunded refund(Paid p, Long amount, Instant at) {
        long left = p.amount - p.refunded;
        long a = amount == null ? left : amount;
        long feeReversed = a == left ? p.fee - p.feeRefunded
                : Math.min(p.fee - p.feeRefunded, Money.of(p.fee, p.currency).share(a, p.amount).minorUnits());
        p.refunded += a;
        p.feeRefunded += feeReversed;
        String id = Ids.newId("re");
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", id);
        refund.put("payment", p.id);
        refund.put("amount", a);
        refund.put("currency", p.currency);
        refund.put("status", "succeeded");
        refund.put("reason", null);
        refund.put("failureCode", null);
        refund.put("createdAt", at.toString());
        feed.append(Ids.newId("evt"), p.merchant, "refund.succeeded", id, 1, at.toString(), refund);
        if (ledger != null) {
            if (feeReversed > 0) {
                ledger.add(id + ".fee", "single", "posted", feeReversed, p.currency, at.minusMillis(50).toString());
            }
            ledger.add(id + ".refund", "single", "posted", a, p.currency, at.minusMillis(50).toString());
        }
        return new Refunded(id, a, feeReversed);
    }

    private static Map<String, Object> payment(Paid p, String status, long captured, long fee, String failureCode,
            String riskDecision, Instant created) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id);
        m.put("amount", p.amount);
        m.put("currency", p.currency);
        m.put("customer", "cus_test");
        m.put("status", status);
        m.put("captureMethod", "automatic");
        m.put("amountCapturable", 0);
        m.put("amountCaptured", captured);
        m.put("amountRefunded", 0);
        m.put("fee", fee);
        m.put("description", null);
        m.put("metadata", Map.of());
        m.put("failureCode", failureCode);
        m.put("failureMessage", failureCode == null ? null : "declined");
        m.put("riskDecision", riskDecision);
        m.put("createdAt", created.toString());
        return m;
    }
}

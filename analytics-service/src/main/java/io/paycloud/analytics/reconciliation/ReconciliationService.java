package io.paycloud.analytics.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.paycloud.analytics.reconciliation.ReconciliationReport.Mismatch;
import io.paycloud.analytics.reconciliation.ReconciliationReport.Totals;
import io.paycloud.common.time.Times;

/**
 * Compares, for one UTC day, the money the events say moved (captures, fees, refunds, fee reversals,
 * recorded by the feed consumer under payment-service's deterministic transfer ids) with the ledger's
 * transfers of that day. Transfers and events are matched by id, so a transfer written a moment
 * before midnight for an event of just after (within {@code paycloud.reconciliation.slack}) is not a
 * mismatch; each is counted on the day of the event that explains it. Holds and their voids move no
 * posted money and are left out.
 */
@Service
class ReconciliationService {

    /** The transfers payment-service makes that move money, by their deterministic ids. */
    private static final Pattern MONEY_MOVING = Pattern.compile("^((pay|re)_[A-Za-z0-9]+)\\.(capture|fee|refund)$");

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final LedgerClient ledger;
    private final Duration slack;

    ReconciliationService(JdbcClient jdbc, NamedParameterJdbcTemplate named, LedgerClient ledger,
            @Value("${paycloud.reconciliation.slack:10m}") Duration slack) {
        this.jdbc = jdbc;
        this.named = named;
        this.ledger = ledger;
        this.slack = slack;
    }

    private record Expectation(String transferId, String kind, String merchantId, String currency, long amount,
            String paymentId, String refundId, Instant occurredAt) {
    }

    private static final class Sum {
        long captured, fee, refunded, feeReversed, transfers;

        void add(String kind, long amount) {
            switch (kind) {
                case "capture" -> captured += amount;
                case "fee" -> fee += amount;
                case "refund" -> refunded += amount;
                case "fee_reversal" -> feeReversed += amount;
                default -> throw new IllegalArgumentException(kind);
            }
            transfers++;
        }
    }

    ReconciliationReport reconcile(LocalDate date) {
        Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        List<Expectation> expected = expectations(dayStart.minus(slack), dayEnd.plus(slack));
        Map<String, LedgerTransfer> transfers = new HashMap<>();
        for (LedgerTransfer t : ledger.transfers(dayStart.minus(slack), dayEnd.plus(slack))) {
            if (t.id() != null && MONEY_MOVING.matcher(t.id()).matches()) {
                transfers.put(t.id(), t);
            }
        }
        Map<String, Sum> events = new TreeMap<>();
        Map<String, Sum> books = new TreeMap<>();
        List<Mismatch> mismatches = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (Expectation e : expected) {
            explained.add(e.transferId());
            if (!inDay(e.occurredAt(), dayStart, dayEnd)) {
                continue;
            }
            events.computeIfAbsent(key(e.merchantId(), e.currency()), k -> new Sum()).add(e.kind(), e.amount());
            LedgerTransfer t = transfers.get(e.transferId());
            if (t == null) {
                mismatches.add(new Mismatch("missing_in_ledger", e.merchantId(), e.currency(), e.paymentId(),
                        e.refundId(), e.transferId(), e.amount(), null,
                        "The events record a " + e.kind() + " of " + e.amount() + " that the ledger does not have."));
                continue;
            }
            if (!"posted".equals(t.status())) {
                mismatches.add(new Mismatch("transfer_not_posted", e.merchantId(), e.currency(), e.paymentId(),
                        e.refundId(), e.transferId(), e.amount(), t.amount(),
                        "The ledger transfer is " + t.status() + ", not posted."));
                continue;
            }
            books.computeIfAbsent(key(e.merchantId(), t.currency()), k -> new Sum()).add(e.kind(), t.amount());
            if (!e.currency().equals(t.currency())) {
                mismatches.add(new Mismatch("currency_mismatch", e.merchantId(), e.currency(), e.paymentId(),
                        e.refundId(), e.transferId(), e.amount(), t.amount(),
                        "The events say " + e.currency() + ", the ledger " + t.currency() + "."));
            } else if (e.amount() != t.amount()) {
                mismatches.add(new Mismatch("amount_mismatch", e.merchantId(), e.currency(), e.paymentId(),
                        e.refundId(), e.transferId(), e.amount(), t.amount(),
                        "The events say " + e.amount() + ", the ledger " + t.amount() + "."));
            }
        }
        List<LedgerTransfer> unexplained = transfers.values().stream()
                .filter(t -> !explained.contains(t.id()) && inDay(Instant.parse(t.createdAt()), dayStart, dayEnd))
                .toList();
        Set<String> elsewhere = explainedOnOtherDays(unexplained);
        Map<String, String> merchants = merchantsOf(unexplained);
        for (LedgerTransfer t : unexplained.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
            if (elsewhere.contains(t.id())) {
                continue;
            }
            Matcher m = MONEY_MOVING.matcher(t.id());
            m.matches();
            boolean refund = m.group(2).equals("re");
            String kind = refund ? ("fee".equals(m.group(3)) ? "fee_reversal" : "refund") : m.group(3);
            String merchant = merchants.get(m.group(1));
            if ("posted".equals(t.status())) {
                books.computeIfAbsent(key(merchant, t.currency()), k -> new Sum()).add(kind, t.amount());
            }
            mismatches.add(new Mismatch("missing_in_events", merchant, t.currency(), refund ? null : m.group(1),
                    refund ? m.group(1) : null, t.id(), null, t.amount(),
                    "The ledger has a " + kind + " of " + t.amount() + " that no event explains."));
        }
        Instant through = jdbc.sql("SELECT last_event_at FROM feed_cursor").query((rs, n) -> Times.read(rs,
                "last_event_at")).optional().orElse(null);
        return new ReconciliationReport(date.toString(), dayStart.toString(), dayEnd.toString(), mismatches.isEmpty(),
                through != null && !through.isBefore(dayEnd.plus(slack)), through == null ? null : through.toString(),
                new ReconciliationReport.Side(totals(events)), new ReconciliationReport.Side(totals(books)), mismatches);
    }

    private List<Expectation> expectations(Instant from, Instant to) {
        return jdbc.sql("""
                SELECT transfer_id, kind, merchant_id, currency, amount, payment_id, refund_id, occurred_at
                FROM ledger_expectation WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, transfer_id""")
                .params(Times.db(from), Times.db(to))
                .query((rs, n) -> new Expectation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), Times.read(rs, "occurred_at")))
                .list();
    }

    private Set<String> explainedOnOtherDays(List<LedgerTransfer> transfers) {
        if (transfers.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(named.queryForList("SELECT transfer_id FROM ledger_expectation WHERE transfer_id IN (:ids)",
                new MapSqlParameterSource("ids", transfers.stream().map(LedgerTransfer::id).toList()), String.class));
    }

    /** The merchant of each payment a transfer id names, where the consumer has seen the payment. */
    private Map<String, String> merchantsOf(List<LedgerTransfer> transfers) {
        Map<String, String> out = new HashMap<>();
        List<String> objects = transfers.stream().map(t -> t.id().substring(0, t.id().indexOf('.'))).distinct().toList();
        if (objects.isEmpty()) {
            return out;
        }
        MapSqlParameterSource ids = new MapSqlParameterSource("ids", objects);
        named.query("SELECT payment_id, merchant_id FROM payment_fact WHERE payment_id IN (:ids)", ids,
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        named.query("SELECT DISTINCT refund_id, merchant_id FROM ledger_expectation WHERE refund_id IN (:ids)", ids,
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    private static List<Totals> totals(Map<String, Sum> sums) {
        List<Totals> out = new ArrayList<>();
        sums.forEach((k, s) -> {
            int bar = k.indexOf('|');
            String merchant = k.substring(0, bar);
            out.add(new Totals(merchant.isEmpty() ? null : merchant, k.substring(bar + 1), s.captured, s.fee,
                    s.refunded, s.feeReversed, s.captured - s.refunded - (s.fee - s.feeReversed), s.transfers));
        });
        return out;
    }

    private static String key(String merchantId, String currency) {
        return (merchantId == null ? "" : merchantId) + "|" + currency;
    }

    private static boolean inDay(Instant t, Instant dayStart, Instant dayEnd) {
        return !t.isBefore(dayStart) && t.isBefore(dayEnd);
    }
}

package io.paycloud.analytics.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.paycloud.common.time.Times;

/** Reads the hourly aggregates into report buckets, for one merchant or (for ops) all of them. */
@Service
public class SummaryReports {

    private final JdbcClient jdbc;

    SummaryReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final class Acc {
        long count, succeeded, failed, canceled, gross, refunded, fee, feeReversed;
        final Map<String, Long> declines = new TreeMap<>();
        final Map<String, Long> risks = new TreeMap<>();
    }

    private record Key(String currency, Instant start) {
    }

    /**
     * Buckets in time order (then by currency), one per bucket of the range for every currency that
     * has data in it, or for the requested currency; empty buckets are zeros.
     *
     * @param merchantId the merchant, or null for all merchants together
     */
    public List<SummaryBucket> summary(String merchantId, SummaryQuery q) {
        Map<Key, Acc> buckets = new TreeMap<>((a, b) -> {
            int c = a.start().compareTo(b.start());
            return c != 0 ? c : a.currency().compareTo(b.currency());
        });
        StringBuilder where = new StringBuilder("hour_start >= ? AND hour_start < ?");
        List<Object> params = new ArrayList<>(List.of(Times.db(q.from()), Times.db(q.to())));
        if (merchantId != null) {
            where.append(" AND merchant_id = ?");
            params.add(merchantId);
        }
        if (q.currency() != null) {
            where.append(" AND currency = ?");
            params.add(q.currency());
        }
        jdbc.sql("""
                SELECT currency, hour_start, SUM(created_count), SUM(succeeded_count), SUM(failed_count),
                  SUM(canceled_count), SUM(gross_amount), SUM(refunded_amount), SUM(fee_amount), SUM(fee_reversed_amount)
                FROM hourly_stats WHERE %s GROUP BY currency, hour_start""".formatted(where))
                .params(params)
                .query(rs -> {
                    Acc a = buckets.computeIfAbsent(new Key(rs.getString(1),
                            q.granularity().floor(Times.read(rs, "hour_start"))), k -> new Acc());
                    a.count += rs.getLong(3);
                    a.succeeded += rs.getLong(4);
                    a.failed += rs.getLong(5);
                    a.canceled += rs.getLong(6);
                    a.gross += rs.getLong(7);
                    a.refunded += rs.getLong(8);
                    a.fee += rs.getLong(9);
                    a.feeReversed += rs.getLong(10);
                });
        jdbc.sql("""
                SELECT currency, hour_start, dimension, label, SUM(item_count) FROM hourly_breakdown
                WHERE %s GROUP BY currency, hour_start, dimension, label""".formatted(where))
                .params(params)
                .query(rs -> {
                    Acc a = buckets.computeIfAbsent(new Key(rs.getString(1),
                            q.granularity().floor(Times.read(rs, "hour_start"))), k -> new Acc());
                    Map<String, Long> into = "decline".equals(rs.getString(3)) ? a.declines : a.risks;
                    into.merge(rs.getString(4), rs.getLong(5), Long::sum);
                });
        TreeSet<String> currencies = new TreeSet<>();
        buckets.keySet().forEach(k -> currencies.add(k.currency()));
        if (q.currency() != null) {
            currencies.add(q.currency());
        }
        for (Instant t = q.from(); t.isBefore(q.to()); t = q.granularity().next(t)) {
            for (String c : currencies) {
                buckets.computeIfAbsent(new Key(c, t), k -> new Acc());
            }
        }
        List<SummaryBucket> out = new ArrayList<>(buckets.size());
        buckets.forEach((k, a) -> {
            long fee = a.fee - a.feeReversed;
            long decided = a.succeeded + a.failed;
            BigDecimal rate = decided == 0 ? null
                    : BigDecimal.valueOf(a.succeeded).divide(BigDecimal.valueOf(decided), 4, RoundingMode.HALF_UP);
            out.add(new SummaryBucket(k.start().toString(), k.currency(), a.count, a.succeeded, a.failed, a.canceled,
                    a.gross, a.refunded, fee, a.gross - a.refunded - fee, rate, a.declines, a.risks));
        });
        return out;
    }
}

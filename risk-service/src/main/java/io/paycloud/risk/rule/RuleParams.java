package io.paycloud.risk.rule;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated {@code params} of a rule, one record per {@link RuleType}. {@code merchant} is
 * optional everywhere: when set, the rule applies to that merchant's payments only.
 */
public sealed interface RuleParams {

    String merchant();

    /** The params as the API shows them, in a stable key order. */
    Map<String, Object> toMap();

    /** Fires when {@code amount > maxAmount} for a payment in {@code currency}. */
    record AmountLimit(String merchant, String currency, long maxAmount) implements RuleParams {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = base(merchant);
            m.put("currency", currency);
            m.put("maxAmount", maxAmount);
            return m;
        }
    }

    /**
     * Fires when this payment would make the count (or the sum, in {@code currency}) of payments of
     * one customer, device or IP within the last {@code windowSeconds} exceed the maximum.
     * {@code maxCount} and {@code maxAmount} are each optional but not both; with a
     * {@code currency} only payments in that currency are counted.
     */
    record Velocity(String merchant, VelocityScope scope, long windowSeconds, Long maxCount, Long maxAmount,
            String currency) implements RuleParams {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = base(merchant);
            m.put("scope", scope.wire());
            m.put("windowSeconds", windowSeconds);
            if (maxCount != null) {
                m.put("maxCount", maxCount);
            }
            if (maxAmount != null) {
                m.put("maxAmount", maxAmount);
            }
            if (currency != null) {
                m.put("currency", currency);
            }
            return m;
        }
    }

    /** Fires when {@code amount >= minAmount} in {@code currency} and the customer is not verified. */
    record KycRequired(String merchant, String currency, long minAmount) implements RuleParams {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = base(merchant);
            m.put("currency", currency);
            m.put("minAmount", minAmount);
            return m;
        }
    }

    /**
     * Fires when the amount is more than {@code stdDevs} standard deviations above the mean of the
     * customer's completed payments in the same currency, once there are {@code minHistory} of them.
     */
    record Anomaly(String merchant, int minHistory, BigDecimal stdDevs) implements RuleParams {
        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = base(merchant);
            m.put("minHistory", minHistory);
            m.put("stdDevs", stdDevs);
            return m;
        }
    }

    /** Fires when the customer, IP, device or email is on the block list. */
    record Blocklist(String merchant) implements RuleParams {
        @Override
        public Map<String, Object> toMap() {
            return base(merchant);
        }
    }

    private static Map<String, Object> base(String merchant) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (merchant != null) {
            m.put("merchant", merchant);
        }
        return m;
    }
}

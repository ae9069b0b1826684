package io.paycloud.risk.rule;

import java.math.BigDecimal;
import java.util.Set;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.money.Currencies;
import tools.jackson.databind.JsonNode;

/**
 * Validates a rule's {@code params} against its type (API.md, Risk): every failure is a 400 naming
 * the field as {@code params.<name>}; unknown fields are refused so a typo never silently weakens a rule.
 */
final class RuleParamsParser {

    static final long MAX_WINDOW_SECONDS = 30L * 24 * 3600;
    static final long MAX_COUNT = 1_000_000;
    static final int MAX_HISTORY = 100_000;
    static final BigDecimal MAX_STD_DEVS = BigDecimal.valueOf(100);

    private RuleParamsParser() {
    }

    static RuleParams parse(RuleType type, JsonNode params) {
        if (params == null || params.isNull()) {
            if (type == RuleType.BLOCKLIST) {
                return new RuleParams.Blocklist(null);
            }
            throw ApiException.missing("params");
        }
        if (!params.isObject()) {
            throw ApiException.invalid("params", "params must be an object.");
        }
        return switch (type) {
            case AMOUNT_LIMIT -> {
                allowOnly(params, Set.of("merchant", "currency", "maxAmount"));
                yield new RuleParams.AmountLimit(merchant(params), currency(params, "currency", true),
                        amount(params, "maxAmount", true));
            }
            case KYC_REQUIRED -> {
                allowOnly(params, Set.of("merchant", "currency", "minAmount"));
                yield new RuleParams.KycRequired(merchant(params), currency(params, "currency", true),
                        amount(params, "minAmount", true));
            }
            case VELOCITY -> velocity(params);
            case ANOMALY -> {
                allowOnly(params, Set.of("merchant", "minHistory", "stdDevs"));
                yield new RuleParams.Anomaly(merchant(params),
                        (int) integer(params, "minHistory", 2, MAX_HISTORY, true).longValue(), stdDevs(params));
            }
            case BLOCKLIST -> {
                allowOnly(params, Set.of("merchant"));
                yield new RuleParams.Blocklist(merchant(params));
            }
        };
    }

    private static RuleParams.Velocity velocity(JsonNode params) {
        allowOnly(params, Set.of("merchant", "scope", "windowSeconds", "maxCount", "maxAmount", "currency"));
        String merchant = merchant(params);
        JsonNode scopeNode = params.get("scope");
        if (scopeNode == null || scopeNode.isNull()) {
            throw ApiException.missing("params.scope");
        }
        VelocityScope scope = (scopeNode.isString() ? VelocityScope.fromWire(scopeNode.stringValue())
                : java.util.Optional.<VelocityScope>empty())
                .orElseThrow(() -> ApiException.invalid("params.scope", "scope must be one of customer, device, ip."));
        long window = integer(params, "windowSeconds", 1, MAX_WINDOW_SECONDS, true);
        Long maxCount = integer(params, "maxCount", 1, MAX_COUNT, false);
        Long maxAmount = amount(params, "maxAmount", false);
        String currency = currency(params, "currency", false);
        if (maxCount == null && maxAmount == null) {
            throw ApiException.missing("params.maxCount");
        }
        if (maxAmount != null && currency == null) {
            throw ApiException.missing("params.currency");
        }
        return new RuleParams.Velocity(merchant, scope, window, maxCount, maxAmount, currency);
    }

    private static void allowOnly(JsonNode params, Set<String> allowed) {
        for (String name : params.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiException.unknown("params." + name);
            }
        }
    }

    private static String merchant(JsonNode params) {
        JsonNode node = params.get("merchant");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > 64) {
            throw ApiException.invalid("params.merchant", "merchant must be a merchant id.");
        }
        return node.stringValue();
    }

    private static String currency(JsonNode params, String name, boolean required) {
        JsonNode node = params.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.missing("params." + name);
            }
            return null;
        }
        if (!node.isString() || !Currencies.isSupported(node.stringValue())) {
            throw ApiException.invalid("params." + name,
                    name + " must be one of " + String.join(", ", Currencies.codes()) + ".");
        }
        return node.stringValue();
    }

    private static Long amount(JsonNode params, String name, boolean required) {
        return integer(params, name, 1, Currencies.MAX_AMOUNT, required);
    }

    private static Long integer(JsonNode params, String name, long min, long max, boolean required) {
        JsonNode node = params.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.missing("params." + name);
            }
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw ApiException.invalid("params." + name,
                    name + " must be an integer between " + min + " and " + max + ".");
        }
        return node.longValue();
    }

    private static BigDecimal stdDevs(JsonNode params) {
        JsonNode node = params.get("stdDevs");
        if (node == null || node.isNull()) {
            throw ApiException.missing("params.stdDevs");
        }
        if (!node.isNumber()) {
            throw ApiException.invalid("params.stdDevs", "stdDevs must be a number above 0 and at most 100.");
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.signum() <= 0 || value.compareTo(MAX_STD_DEVS) > 0 || value.scale() > 4) {
            throw ApiException.invalid("params.stdDevs",
                    "stdDevs must be a number above 0 and at most 100, with at most 4 decimals.");
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}

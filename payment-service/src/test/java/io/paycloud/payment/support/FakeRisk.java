package io.paycloud.payment.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import io.paycloud.common.client.RemoteProblem;
import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.paycloud.payment.risk.RiskClient;

/**
 * risk-service's double: judges as risk-service does with its default rules (risk-service/RULES.md),
 * refuses what risk-service refuses, and learns from outcomes as it does, so it passes
 * {@code RiskContract} like the real service. A test that needs a decline or a review sets it up the
 * way ops would: {@link #block} a value, or add a {@link #rule} (scoped to its merchant). {@link #down}
 * plays a risk-service that cannot be reached.
 */
public class FakeRisk implements RiskClient {

    private static final String BLOCKLIST = "blocklist";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public volatile boolean down;
    /** Every outcome payment-service reported, as sent. */
    public final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    private record Rule(String id, String type, String action, Map<String, Object> params) {

        boolean appliesTo(String merchant) {
            return params.get("merchant") == null || params.get("merchant").equals(merchant);
        }

        String currency() {
            return (String) params.get("currency");
        }

        long number(String name) {
            return ((Number) params.get(name)).longValue();
        }

        Long optional(String name) {
            return params.get(name) == null ? null : number(name);
        }
    }

    private record BlockEntry(String id, String type, String value) {
    }

    private record Fired(Rule rule, String action, String detail) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, BlockEntry> blocklist = new LinkedHashMap<>();
    /** Velocity windows by rule and scope value: per member (payment and amount) the time it was counted and the amount. */
    private final Map<String, Map<String, long[]>> windows = new HashMap<>();
    private final Map<String, Outcome> recorded = new HashMap<>();
    /** Completed payments per customer and currency: count, sum and sum of squares. */
    private final Map<String, BigInteger[]> history = new HashMap<>();

    public FakeRisk() {
        reset();
    }

    /** A risk-service just deployed: the default rules, an empty block list, no counts, no history. */
    public synchronized void reset() {
        down = false;
        outcomes.clear();
        rules.clear();
        blocklist.clear();
        windows.clear();
        recorded.clear();
        history.clear();
        rules.add(new Rule("rule_00000000000000000000000001", BLOCKLIST, "decline", Map.of()));
        int n = 2;
        for (Object[] limit : new Object[][] {{"CNY", 5_000_000L}, {"USD", 700_000L}, {"EUR", 650_000L},
                {"GBP", 550_000L}, {"HKD", 5_500_000L}, {"JPY", 1_000_000L}, {"KWD", 2_150_000L}}) {
            rules.add(new Rule(defaultId(n++), "amount_limit", "decline", Map.of("currency", limit[0], "maxAmount", limit[1])));
        }
        for (Object[] kyc : new Object[][] {{"CNY", 500_000L}, {"USD", 70_000L}, {"EUR", 65_000L}, {"GBP", 55_000L},
                {"HKD", 550_000L}, {"JPY", 100_000L}, {"KWD", 215_000L}}) {
            rules.add(new Rule(defaultId(n++), "kyc_required", "decline", Map.of("currency", kyc[0], "minAmount", kyc[1])));
        }
        rules.add(new Rule(defaultId(n++), "velocity", "review", Map.of("scope", "customer", "windowSeconds", 60, "maxCount", 10)));
        rules.add(new Rule(defaultId(n++), "velocity", "review", Map.of("scope", "device", "windowSeconds", 60, "maxCount", 20)));
        rules.add(new Rule(defaultId(n++), "velocity", "review", Map.of("scope", "ip", "windowSeconds", 60, "maxCount", 30)));
        rules.add(new Rule(defaultId(n), "anomaly", "review", Map.of("minHistory", 5, "stdDevs", 3)));
    }

    private static String defaultId(int n) {
        return String.format("rule_%026d", n);
    }

    /** As ops' {@code POST /v1/risk/blocklist}: the entry's id. */
    public synchronized String block(String type, String value) {
        String normal = switch (type) {
            case "ip" -> ip(value).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + value));
            case "email" -> value.strip().toLowerCase(Locale.ROOT);
            case "customer", "device" -> value.strip();
            default -> throw new IllegalArgumentException("no block list type " + type);
        };
        for (BlockEntry e : blocklist.values()) {
            if (e.type().equals(type) && e.value().equals(normal)) {
                return e.id();
            }
        }
        BlockEntry e = new BlockEntry(Ids.newId("blk"), type, normal);
        blocklist.put(e.id(), e);
        return e.id();
    }

    /** As ops' {@code DELETE /v1/risk/blocklist/{id}}. */
    public synchronized void unblock(String id) {
        blocklist.remove(id);
    }

    /**
     * As ops' {@code POST /v1/risk/rules} with {@code params} as the API takes them ({@code merchant} scopes
     * the rule to one merchant): the rule's id.
     */
    public synchronized String rule(String type, String action, Map<String, Object> params) {
        if (!List.of(BLOCKLIST, "amount_limit", "kyc_required", "velocity", "anomaly").contains(type)
                || !List.of("decline", "review").contains(action)) {
            throw new IllegalArgumentException("no rule " + type + "/" + action);
        }
        Rule r = new Rule(Ids.newId("rule"), type, action, Map.copyOf(params));
        rules.add(r);
        return r.id();
    }

    @Override
    public Assessment assess(AssessmentRequest request) {
        if (down) {
            throw new ServiceUnavailableException("risk-service", "down in this test");
        }
        validate(request);
        String ip = request.clientIp() == null ? null
                : ip(request.clientIp()).orElseThrow(() -> invalid("clientIp", "clientIp must be an IPv4 or IPv6 address."));
        synchronized (this) {
            return judge(request, ip, System.currentTimeMillis());
        }
    }

    private Assessment judge(AssessmentRequest request, String ip, long now) {
        String id = Ids.newId("asm");
        long amount = request.amount();
        String currency = request.currency();
        List<Fired> fired = new ArrayList<>();
        double utilisation = 0;
        for (Rule rule : rules) {
            if (!rule.appliesTo(request.merchant())) {
                continue;
            }
            switch (rule.type()) {
                case BLOCKLIST -> blocked(request, ip).ifPresent(e -> fired.add(new Fired(rule, rule.action(),
                        "the " + e.type() + " is on the block list (" + e.id() + ")")));
                case "amount_limit" -> {
                    if (rule.currency().equals(currency)) {
                        if (amount > rule.number("maxAmount")) {
                            fired.add(new Fired(rule, rule.action(), "amount " + amount + " " + currency
                                    + " is above the limit of " + rule.number("maxAmount")));
                        } else {
                            utilisation = Math.max(utilisation, (double) amount / rule.number("maxAmount"));
                        }
                    }
                }
                case "kyc_required" -> {
                    if (rule.currency().equals(currency) && amount >= rule.number("minAmount")
                            && !"verified".equals(request.kycLevel())) {
                        fired.add(new Fired(rule, rule.action(), "the customer is not real-name verified and amount "
                                + amount + " " + currency + " reaches " + rule.number("minAmount")));
                    }
                }
                case "velocity" -> utilisation = Math.max(utilisation, velocity(rule, request, ip, id, now, fired));
                case "anomaly" -> anomaly(rule, request, fired);
                default -> throw new IllegalStateException(rule.type());
            }
        }
        List<Fired> declines = fired.stream().filter(f -> f.action().equals("decline")).toList();
        List<Fired> reviews = fired.stream().filter(f -> f.action().equals("review")).toList();
        String decision;
        int score;
        String failureCode = null;
        if (!declines.isEmpty()) {
            decision = "decline";
            score = declines.stream().anyMatch(f -> f.rule().type().equals(BLOCKLIST)) ? 100
                    : Math.min(100, 80 + 10 * declines.size() + 2 * reviews.size());
            failureCode = declines.stream().allMatch(f -> f.rule().type().equals("kyc_required")) ? "kyc_required"
                    : "risk_declined";
        } else if (!reviews.isEmpty()) {
            decision = "review";
            score = Math.min(79, 50 + 10 * reviews.size());
        } else {
            decision = "approve";
            score = (int) Math.round(49 * Math.min(1.0, utilisation));
        }
        List<Reason> reasons = new ArrayList<>();
        declines.forEach(f -> reasons.add(new Reason(f.rule().id(), f.detail())));
        reviews.forEach(f -> reasons.add(new Reason(f.rule().id(), f.detail())));
        return new Assessment(id, decision, score, List.copyOf(reasons), failureCode);
    }

    private Optional<BlockEntry> blocked(AssessmentRequest request, String ip) {
        String email = request.email() == null ? null : request.email().strip().toLowerCase(Locale.ROOT);
        return blocklist.values().stream().filter(e -> switch (e.type()) {
            case "customer" -> e.value().equals(request.customer());
            case "ip" -> e.value().equals(ip);
            case "device" -> e.value().equals(request.deviceId());
            case "email" -> e.value().equals(email);
            default -> false;
        }).findFirst();
    }

    /** Counts the payment (once per payment id) in the rule's window; how close it came to the maximum. */
    private double velocity(Rule rule, AssessmentRequest request, String ip, String assessmentId, long now, List<Fired> fired) {
        String scope = (String) rule.params().get("scope");
        String value = switch (scope) {
            case "customer" -> request.customer();
            case "device" -> request.deviceId();
            case "ip" -> ip;
            default -> throw new IllegalStateException(scope);
        };
        if (value == null || (rule.currency() != null && !rule.currency().equals(request.currency()))) {
            return 0;
        }
        Map<String, long[]> window = windows.computeIfAbsent(rule.id() + ":" + scope + ":" + value, k -> new LinkedHashMap<>());
        long from = now - rule.number("windowSeconds") * 1000;
        window.values().removeIf(m -> m[0] <= from);
        // as risk-service's Redis set: one member per payment and amount, a repeat moves it to now
        window.put((request.payment() != null ? request.payment() : assessmentId) + ":" + request.amount(),
                new long[] {now, request.amount()});
        long count = window.size();
        long sum = window.values().stream().mapToLong(m -> m[1]).sum();
        Long maxCount = rule.optional("maxCount");
        Long maxAmount = rule.optional("maxAmount");
        if (maxCount != null && count > maxCount) {
            fired.add(new Fired(rule, rule.action(), count + " payments by this " + scope + " within "
                    + rule.number("windowSeconds") + " s, above the maximum of " + maxCount));
            return 0;
        }
        if (maxAmount != null && sum > maxAmount) {
            fired.add(new Fired(rule, rule.action(), "payments by this " + scope + " sum to " + sum
                    + ", above the maximum of " + maxAmount));
            return 0;
        }
        return Math.max(maxCount == null ? 0 : (double) count / maxCount, maxAmount == null ? 0 : (double) sum / maxAmount);
    }

    /** Fires when the amount is more than {@code stdDevs} sample standard deviations above the customer's mean. */
    private void anomaly(Rule rule, AssessmentRequest request, List<Fired> fired) {
        BigInteger[] h = history.get(request.customer() + ":" + request.currency());
        if (h == null || h[0].longValue() < rule.number("minHistory") || h[0].longValue() < 2) {
            return;
        }
        BigInteger n = h[0];
        BigInteger d = n.multiply(BigInteger.valueOf(request.amount())).subtract(h[1]);
        if (d.signum() <= 0) {
            return;
        }
        BigDecimal k = new BigDecimal(String.valueOf(rule.params().get("stdDevs")));
        BigInteger spread = n.multiply(h[2]).subtract(h[1].multiply(h[1]));
        BigDecimal left = new BigDecimal(d.multiply(d).multiply(n.subtract(BigInteger.ONE)));
        BigDecimal right = k.multiply(k).multiply(new BigDecimal(n.multiply(spread)));
        if (left.compareTo(right) > 0) {
            fired.add(new Fired(rule, rule.action(), "amount " + request.amount() + " " + request.currency() + " is more than "
                    + k + " standard deviations above this customer's mean (" + n + " completed payments)"));
        }
    }

    /**
     * As risk-service's {@code POST /internal/outcomes}: each payment counts once, succeeded ones only; a
     * refused or conflicting outcome changes nothing (risk-service answers 4xx, the client logs it).
     */
    @Override
    public void reportOutcome(Outcome outcome) {
        outcomes.add(outcome);
        if (outcome.payment() == null || outcome.payment().isBlank() || outcome.customer() == null
                || outcome.customer().isBlank() || outcome.amount() < 1 || outcome.amount() > Currencies.MAX_AMOUNT
                || !Currencies.isSupported(outcome.currency())
                || !List.of("succeeded", "failed", "canceled").contains(outcome.status())) {
            return;
        }
        synchronized (this) {
            if (recorded.putIfAbsent(outcome.payment(), outcome) != null || !outcome.status().equals("succeeded")) {
                return;
            }
            BigInteger a = BigInteger.valueOf(outcome.amount());
            history.merge(outcome.customer() + ":" + outcome.currency(), new BigInteger[] {BigInteger.ONE, a, a.multiply(a)},
                    (h, x) -> new BigInteger[] {h[0].add(x[0]), h[1].add(x[1]), h[2].add(x[2])});
        }
    }

    /** The checks of risk-service's {@code AssessmentRequest} and its service, in their order. */
    private static void validate(AssessmentRequest r) {
        if (r.payment() != null && r.payment().length() > 64) {
            throw invalid("payment", "size must be between 0 and 64");
        }
        required("merchant", r.merchant(), 64);
        required("customer", r.customer(), 64);
        if (r.amount() < 1 || r.amount() > Currencies.MAX_AMOUNT) {
            throw invalid("amount", "out of range");
        }
        if (r.currency() == null) {
            throw missing("currency");
        }
        if (r.kycLevel() == null) {
            throw missing("kycLevel");
        }
        if (!r.kycLevel().equals("none") && !r.kycLevel().equals("verified")) {
            throw invalid("kycLevel", "must match \"none|verified\"");
        }
        if (r.email() != null && (r.email().length() > 320 || !EMAIL.matcher(r.email()).matches())) {
            throw invalid("email", "must be a well-formed email address");
        }
        if (r.clientIp() != null && r.clientIp().length() > 64) {
            throw invalid("clientIp", "size must be between 0 and 64");
        }
        if (r.deviceId() != null && r.deviceId().length() > 200) {
            throw invalid("deviceId", "size must be between 0 and 200");
        }
        if (!Currencies.isSupported(r.currency())) {
            throw invalid("currency", "currency must be one of " + String.join(", ", Currencies.codes()) + ".");
        }
    }

    private static void required(String param, String value, int max) {
        if (value == null) {
            throw missing(param);
        }
        if (value.isBlank() || value.length() > max) {
            throw invalid(param, "must not be blank");
        }
    }

    private static RemoteProblem missing(String param) {
        return new RemoteProblem(400, "parameter_missing", param, "Missing required parameter: " + param + ".");
    }

    private static RemoteProblem invalid(String param, String why) {
        return new RemoteProblem(400, "parameter_invalid", param, "Invalid " + param + ": " + why + ".");
    }

    /** The canonical text of an IP address literal (so {@code ::1} is {@code 0:0:0:0:0:0:0:1}); never resolves names. */
    private static Optional<String> ip(String value) {
        String v = value.strip();
        var v4 = IPV4.matcher(v);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!(v.contains(":") && IPV6.matcher(v).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(v).getHostAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

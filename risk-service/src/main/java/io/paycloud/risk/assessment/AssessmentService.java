package io.paycloud.risk.assessment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.paycloud.common.money.Money;
import io.paycloud.common.time.Times;
import io.paycloud.risk.anomaly.AmountStats;
import io.paycloud.risk.anomaly.OutcomeService;
import io.paycloud.risk.blocklist.BlockEntry;
import io.paycloud.risk.blocklist.BlockValues;
import io.paycloud.risk.blocklist.BlocklistService;
import io.paycloud.risk.rule.Rule;
import io.paycloud.risk.rule.RuleAction;
import io.paycloud.risk.rule.RuleParams;
import io.paycloud.risk.rule.RuleService;
import io.paycloud.risk.rule.RuleType;
import io.paycloud.risk.rule.VelocityScope;
import io.paycloud.risk.velocity.VelocityCounters;

/**
 * Judges a payment against the enabled rules. Precedence: block lists and decline rules first,
 * then review rules, else approve. Rules, block lists and their checks are in memory; the velocity
 * windows cost one Redis call, the anomaly rule one primary-key read, and the stored assessment
 * one INSERT.
 */
@Service
public class AssessmentService {

    private static final Logger log = LoggerFactory.getLogger(AssessmentService.class);

    static final String FAILURE_RISK_DECLINED = "risk_declined";
    static final String FAILURE_KYC_REQUIRED = "kyc_required";
    static final String VELOCITY_UNAVAILABLE = "velocity counters unavailable; the payment needs review";
    static final String HISTORY_UNAVAILABLE = "customer payment history unavailable; the payment needs review";

    private final RuleService rules;
    private final BlocklistService blocklist;
    private final VelocityCounters velocity;
    private final OutcomeService outcomes;
    private final AssessmentRepository repository;
    private final Clock clock;
    private final Map<Decision, Timer> timers = new EnumMap<>(Decision.class);

    AssessmentService(RuleService rules, BlocklistService blocklist, VelocityCounters velocity, OutcomeService outcomes,
            AssessmentRepository repository, Clock clock, MeterRegistry meters) {
        this.rules = rules;
        this.blocklist = blocklist;
        this.velocity = velocity;
        this.outcomes = outcomes;
        this.repository = repository;
        this.clock = clock;
        for (Decision d : Decision.values()) {
            timers.put(d, Timer.builder("risk.assessments").description("Assessments by decision, and their duration")
                    .tag("decision", d.wire()).publishPercentileHistogram().register(meters));
        }
    }

    /** A rule that fired, with the action it asks for (a rule that cannot judge asks for review). */
    private record Fired(Rule rule, RuleAction action, String detail) {
    }

    Assessment get(String id) {
        return repository.findById(id).orElseThrow(() -> ApiException.notFound("assessment", id));
    }

    Assessment assess(AssessmentRequest request) {
        if (!Currencies.isSupported(request.currency())) {
            throw ApiException.invalid("currency", "currency must be one of " + String.join(", ", Currencies.codes()) + ".");
        }
        String ip = null;
        if (request.clientIp() != null) {
            ip = BlockValues.ip(request.clientIp())
                    .orElseThrow(() -> ApiException.invalid("clientIp", "clientIp must be an IPv4 or IPv6 address."));
        }
        long started = System.nanoTime();
        String id = Ids.newId("asm");
        Instant now = Times.now(clock);
        long amount = request.amount();
        String currency = request.currency();
        boolean verified = "verified".equals(request.kycLevel());

        List<Fired> fired = new ArrayList<>(2);
        List<Rule> velocityRules = new ArrayList<>(4);
        List<VelocityCounters.Window> windows = new ArrayList<>(4);
        List<Rule> anomalyRules = new ArrayList<>(1);
        List<BlockEntry> blocked = null;
        double utilisation = 0;

        for (Rule rule : rules.enabledRules()) {
            if (!rule.appliesTo(request.merchant())) {
                continue;
            }
            // a switch expression, so a rule type added without its case here does not compile; velocity and
            // anomaly rules are judged together after the loop (one Redis round trip, one history read)
            Fired fires = switch (rule.type()) {
                case BLOCKLIST -> {
                    if (blocked == null) {
                        blocked = blocklist.matches(request.customer(), ip, request.deviceId(), request.email());
                    }
                    if (blocked.isEmpty()) {
                        yield null;
                    }
                    BlockEntry e = blocked.get(0);
                    yield new Fired(rule, rule.action(), "the " + e.type().wire() + " is on the block list (" + e.id() + ")");
                }
                case AMOUNT_LIMIT -> {
                    RuleParams.AmountLimit a = (RuleParams.AmountLimit) rule.params();
                    if (!a.currency().equals(currency)) {
                        yield null;
                    }
                    if (amount > a.maxAmount()) {
                        yield new Fired(rule, rule.action(), "amount " + format(amount, currency)
                                + " is above the limit of " + format(a.maxAmount(), currency));
                    }
                    utilisation = Math.max(utilisation, (double) amount / a.maxAmount());
                    yield null;
                }
                case KYC_REQUIRED -> {
                    RuleParams.KycRequired k = (RuleParams.KycRequired) rule.params();
                    yield k.currency().equals(currency) && amount >= k.minAmount() && !verified
                            ? new Fired(rule, rule.action(), "the customer is not real-name verified and amount "
                                    + format(amount, currency) + " reaches " + format(k.minAmount(), currency))
                            : null;
                }
                case VELOCITY -> {
                    RuleParams.Velocity v = (RuleParams.Velocity) rule.params();
                    String scopeValue = switch (v.scope()) {
                        case CUSTOMER -> request.customer();
                        case DEVICE -> request.deviceId();
                        case IP -> ip;
                    };
                    if (scopeValue != null && (v.currency() == null || v.currency().equals(currency))) {
                        velocityRules.add(rule);
                        windows.add(new VelocityCounters.Window(rule.id(), v.scope().wire(), scopeValue,
                                v.windowSeconds() * 1000, v.maxAmount() != null));
                    }
                    yield null;
                }
                case ANOMALY -> {
                    anomalyRules.add(rule);
                    yield null;
                }
            };
            if (fires != null) {
                fired.add(fires);
            }
        }

        if (!windows.isEmpty()) {
            // keyed by the payment when there is one, so a retried assessment of it counts once
            String member = request.payment() != null ? request.payment() : id;
            utilisation = Math.max(utilisation, judgeVelocity(velocityRules, windows, member, amount, currency, now, fired));
        }
        if (!anomalyRules.isEmpty()) {
            judgeAnomaly(anomalyRules, request.customer(), amount, currency, fired);
        }

        Assessment assessment = decide(id, request, ip, now, fired, utilisation);
        try {
            repository.insert(assessment);
        } catch (DataAccessException e) {
            log.error("Could not store assessment {}: {}", id, e.toString());
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, null, "Assessments cannot be stored right now.");
        }
        timers.get(assessment.decision()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return assessment;
    }

    private double judgeVelocity(List<Rule> velocityRules, List<VelocityCounters.Window> windows, String member,
            long amount, String currency, Instant now, List<Fired> fired) {
        Optional<List<VelocityCounters.Totals>> totals = velocity.record(windows, member, amount, now.toEpochMilli());
        if (totals.isEmpty()) {
            for (Rule rule : velocityRules) {
                fired.add(new Fired(rule, RuleAction.REVIEW, VELOCITY_UNAVAILABLE));
            }
            return 0;
        }
        double utilisation = 0;
        for (int i = 0; i < velocityRules.size(); i++) {
            Rule rule = velocityRules.get(i);
            RuleParams.Velocity v = (RuleParams.Velocity) rule.params();
            VelocityCounters.Totals t = totals.get().get(i);
            String whose = whose(v.scope());
            if (v.maxCount() != null && t.count() > v.maxCount()) {
                fired.add(new Fired(rule, rule.action(), t.count() + " payments " + whose + " within " + v.windowSeconds()
                        + " s, above the maximum of " + v.maxCount()));
            } else if (v.maxAmount() != null && t.sum() > v.maxAmount()) {
                fired.add(new Fired(rule, rule.action(), "payments " + whose + " within " + v.windowSeconds()
                        + " s sum to " + format(t.sum(), currency) + ", above the maximum of "
                        + format(v.maxAmount(), currency)));
            } else {
                if (v.maxCount() != null) {
                    utilisation = Math.max(utilisation, (double) t.count() / v.maxCount());
                }
                if (v.maxAmount() != null) {
                    utilisation = Math.max(utilisation, (double) t.sum() / v.maxAmount());
                }
            }
        }
        return utilisation;
    }

    private void judgeAnomaly(List<Rule> anomalyRules, String customer, long amount, String currency, List<Fired> fired) {
        AmountStats stats;
        try {
            stats = outcomes.history(customer, currency).orElse(AmountStats.empty());
        } catch (DataAccessException e) {
            log.warn("Customer history unavailable: {}", e.toString());
            for (Rule rule : anomalyRules) {
                fired.add(new Fired(rule, RuleAction.REVIEW, HISTORY_UNAVAILABLE));
            }
            return;
        }
        for (Rule rule : anomalyRules) {
            RuleParams.Anomaly a = (RuleParams.Anomaly) rule.params();
            if (stats.count() >= a.minHistory() && stats.isMoreThanStdDevsAbove(amount, a.stdDevs())) {
                fired.add(new Fired(rule, rule.action(), "amount " + format(amount, currency) + " is more than "
                        + a.stdDevs().toPlainString() + " standard deviations above this customer's mean of "
                        + formatApprox(stats.mean(), currency) + " (standard deviation "
                        + formatApprox(stats.stdDev(), currency) + ", " + stats.count() + " completed payments)"));
            }
        }
    }

    private static Assessment decide(String id, AssessmentRequest request, String ip, Instant now, List<Fired> fired,
            double utilisation) {
        List<Fired> declines = fired.stream().filter(f -> f.action() == RuleAction.DECLINE).toList();
        List<Fired> reviews = fired.stream().filter(f -> f.action() == RuleAction.REVIEW).toList();
        Decision decision;
        int score;
        String failureCode = null;
        if (!declines.isEmpty()) {
            decision = Decision.DECLINE;
            boolean blocklisted = declines.stream().anyMatch(f -> f.rule().type() == RuleType.BLOCKLIST);
            score = blocklisted ? 100 : 80 + 10 * declines.size() + 2 * reviews.size();
            boolean onlyKyc = declines.stream().allMatch(f -> f.rule().type() == RuleType.KYC_REQUIRED);
            failureCode = onlyKyc ? FAILURE_KYC_REQUIRED : FAILURE_RISK_DECLINED;
        } else if (!reviews.isEmpty()) {
            decision = Decision.REVIEW;
            score = 50 + 10 * reviews.size();
        } else {
            decision = Decision.APPROVE;
            // how close the payment came to the limits it was measured against
            score = (int) Math.round(49 * Math.min(1.0, utilisation));
        }
        List<Reason> reasons = new ArrayList<>(fired.size());
        declines.forEach(f -> reasons.add(new Reason(f.rule().id(), f.detail())));
        reviews.forEach(f -> reasons.add(new Reason(f.rule().id(), f.detail())));
        return new Assessment(id, request.payment(), request.merchant(), request.customer(), request.amount(),
                request.currency(), request.kycLevel(), request.email(), ip, request.deviceId(), decision,
                decision.clamp(score), List.copyOf(reasons), failureCode, now);
    }

    private static String whose(VelocityScope scope) {
        return switch (scope) {
            case CUSTOMER -> "by this customer";
            case DEVICE -> "from this device";
            case IP -> "from this IP address";
        };
    }

    private static String format(long minor, String currency) {
        return Money.of(minor, currency).format();
    }

    private static String formatApprox(java.math.BigDecimal minor, String currency) {
        int exponent = Currencies.requireExponent(currency);
        return minor.movePointLeft(exponent).setScale(exponent, java.math.RoundingMode.HALF_UP).toPlainString() + " "
                + currency;
    }
}

package io.paycloud.risk.rule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.risk.ListResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rules are data: ops manage them here, and the assessment path reads the enabled ones from memory.
 * The cache is rebuilt after every change made through this replica and re-read on a schedule so
 * changes made through other replicas arrive within {@code risk.cache-refresh-interval}.
 */
@Service
public class RuleService {

    private static final Logger log = LoggerFactory.getLogger(RuleService.class);

    private final RuleRepository repository;
    private final JsonMapper json;
    private final Clock clock;
    private volatile List<Rule> enabled;

    RuleService(RuleRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
        reload();
    }

    /** The enabled rules, from memory. */
    public List<Rule> enabledRules() {
        return enabled;
    }

    @Scheduled(fixedDelayString = "${risk.cache-refresh-interval}", initialDelayString = "${risk.cache-refresh-interval}")
    void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            // keep judging with the rules we have; the next refresh tries again
            log.warn("Could not refresh the risk rules: {}", e.toString());
        }
    }

    /**
     * Reads and publishes the enabled rules, newest first (the order their reasons are listed in). Serialized, so a scheduled refresh that read the table
     * before a change cannot publish its older list after the reload that follows the change.
     */
    private synchronized void reload() {
        enabled = repository.findAll(Sort.by(Sort.Direction.DESC, "id")).stream().map(row -> row.rule(json))
                .filter(Rule::enabled).toList();
    }

    ListResponse<RuleResponse> list(Integer limit, String startingAfter) {
        int n = ListResponse.limit(limit);
        return ListResponse.of(repository.page(n + 1, startingAfter).stream()
                .map(row -> RuleResponse.of(row.rule(json))).toList(), n);
    }

    RuleResponse get(String id) {
        return RuleResponse.of(find(id));
    }

    RuleResponse create(RuleRequest request) {
        Instant now = Times.now(clock);
        Rule rule = validated(Ids.newId("rule"), request, now, now);
        repository.insert(RuleRow.of(rule, json));
        log.info("Risk rule {} created: {} {} {}", rule.id(), rule.type().wire(), rule.action().wire(),
                rule.params().toMap());
        reload();
        return RuleResponse.of(rule);
    }

    /**
     * Applies the replacement at once, unless it turns an enabled rule off: that needs a second risk
     * operator, so nothing is written and the answer is empty (after the same validation, so a request
     * that could never apply is refused before anyone is asked to approve it).
     */
    Optional<RuleResponse> replace(String id, RuleRequest request) {
        Rule existing = find(id);
        Rule rule = validated(id, request, existing.createdAt(), Times.now(clock));
        if (existing.enabled() && !rule.enabled()) {
            return Optional.empty();
        }
        if (!repository.update(RuleRow.of(rule, json), false)) {
            // gone meanwhile (404), or switched on meanwhile: then this turns it off, which waits for approval
            find(id);
            return Optional.empty();
        }
        log.info("Risk rule {} replaced: {} {} {} enabled={}", id, rule.type().wire(), rule.action().wire(),
                rule.params().toMap(), rule.enabled());
        reload();
        return Optional.of(RuleResponse.of(rule));
    }

    /** An approved replacement that turns the rule off ({@link RuleApprovedActions}). */
    RuleResponse disable(String id, RuleRequest request) {
        Rule existing = find(id);
        Rule rule = validated(id, request, existing.createdAt(), Times.now(clock));
        if (rule.enabled()) {
            throw ApiException.invalid("request.enabled", "The approved request does not disable the rule.");
        }
        if (!repository.update(RuleRow.of(rule, json), true)) {
            throw ApiException.notFound("rule", id);
        }
        log.info("Risk rule {} disabled on approval: {} {} {}", id, rule.type().wire(), rule.action().wire(),
                rule.params().toMap());
        reload();
        return RuleResponse.of(rule);
    }

    /** An approved deletion ({@link RuleApprovedActions}). */
    void delete(String id) {
        if (repository.deleteRule(id) != 1) {
            throw ApiException.notFound("rule", id);
        }
        log.info("Risk rule {} deleted on approval", id);
        reload();
    }

    private Rule find(String id) {
        return repository.findById(id).map(row -> row.rule(json))
                .orElseThrow(() -> ApiException.notFound("rule", id));
    }

    private static Rule validated(String id, RuleRequest request, Instant createdAt, Instant updatedAt) {
        RuleType type = RuleType.fromWire(request.type()).orElseThrow(() -> ApiException.invalid("type",
                "type must be one of amount_limit, velocity, kyc_required, anomaly, blocklist."));
        RuleAction action = RuleAction.fromWire(request.action())
                .orElseThrow(() -> ApiException.invalid("action", "action must be decline or review."));
        RuleParams params = RuleParamsParser.parse(type, request.params());
        boolean enabled = request.enabled() == null || request.enabled();
        return new Rule(id, request.name().strip(), type, action, params, enabled, createdAt, updatedAt);
    }
}

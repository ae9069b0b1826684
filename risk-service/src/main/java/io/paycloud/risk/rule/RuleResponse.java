package io.paycloud.risk.rule;

import java.time.Instant;
import java.util.Map;

record RuleResponse(String id, String name, String type, String action, Map<String, Object> params, boolean enabled,
        Instant createdAt, Instant updatedAt) {

    static RuleResponse of(Rule rule) {
        return new RuleResponse(rule.id(), rule.name(), rule.type().wire(), rule.action().wire(),
                rule.params().toMap(), rule.enabled(), rule.createdAt(), rule.updatedAt());
    }
}

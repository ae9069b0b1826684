package io.paycloud.risk.rule;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

record RuleResponse(@Schema(example = "rule_01JD8YF7G2S0H8B9L4T0V2W8Z5Y") String id, String name,
        @Schema(allowableValues = {"amount_limit", "velocity", "kyc_required", "anomaly", "blocklist"}) String type,
        @Schema(allowableValues = {"decline", "review"}) String action, Map<String, Object> params, boolean enabled,
        Instant createdAt, Instant updatedAt) {

    static RuleResponse of(Rule rule) {
        return new RuleResponse(rule.id(), rule.name(), rule.type().wire(), rule.action().wire(),
                rule.params().toMap(), rule.enabled(), rule.createdAt(), rule.updatedAt());
    }
}

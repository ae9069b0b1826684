package io.paycloud.risk.rule;

import java.time.Instant;

/** A risk rule as the engine and the API see it; its params are already validated. */
public record Rule(String id, String name, RuleType type, RuleAction action, RuleParams params, boolean enabled,
        Instant createdAt, Instant updatedAt) {

    /** Whether the rule judges payments of this merchant: unscoped rules judge everyone's. */
    public boolean appliesTo(String merchant) {
        return params.merchant() == null || params.merchant().equals(merchant);
    }
}

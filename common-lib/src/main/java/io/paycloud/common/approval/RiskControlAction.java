package io.paycloud.common.approval;

import java.util.Optional;

/**
 * The risk controls that wait for a second operator (four-eyes): risk-service asks account-service to
 * store the request under this action's wire name, and account-service hands the approved action back
 * to risk-service under the same name. One type, so the two services cannot drift apart.
 */
public enum RiskControlAction {
    /** {@code DELETE /v1/risk/rules/{id}} */
    RULE_DELETE("risk_rule_delete"),
    /** {@code PUT /v1/risk/rules/{id}} that turns an enabled rule off */
    RULE_DISABLE("risk_rule_disable"),
    /** {@code DELETE /v1/risk/blocklist/{id}} */
    BLOCKLIST_REMOVE("blocklist_remove");

    private final String wire;

    RiskControlAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RiskControlAction> ofWire(String value) {
        for (RiskControlAction action : values()) {
            if (action.wire.equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}

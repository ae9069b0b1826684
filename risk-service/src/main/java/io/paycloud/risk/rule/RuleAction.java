package io.paycloud.risk.rule;

import java.util.Arrays;
import java.util.Optional;

/** What a rule asks for when it fires. */
public enum RuleAction {
    DECLINE("decline"),
    REVIEW("review");

    private final String wire;

    RuleAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RuleAction> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(value)).findFirst();
    }
}

package io.paycloud.risk.rule;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of rule, each with its own {@code params} (API.md, Risk). */
public enum RuleType {
    AMOUNT_LIMIT("amount_limit"),
    VELOCITY("velocity"),
    KYC_REQUIRED("kyc_required"),
    ANOMALY("anomaly"),
    BLOCKLIST("blocklist");

    private final String wire;

    RuleType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RuleType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}

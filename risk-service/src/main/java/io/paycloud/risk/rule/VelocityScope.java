package io.paycloud.risk.rule;

import java.util.Arrays;
import java.util.Optional;

/** Whose payments a velocity rule counts together. */
public enum VelocityScope {
    CUSTOMER("customer"),
    DEVICE("device"),
    IP("ip");

    private final String wire;

    VelocityScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<VelocityScope> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}

package io.paycloud.risk.blocklist;

import java.util.Arrays;
import java.util.Optional;

/** What a block list entry names. */
public enum BlockType {
    CUSTOMER("customer"),
    IP("ip"),
    DEVICE("device"),
    EMAIL("email");

    private final String wire;

    BlockType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<BlockType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}

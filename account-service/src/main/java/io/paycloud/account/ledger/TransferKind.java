package io.paycloud.account.ledger;

import java.util.Locale;

/** The four transfer kinds of the ledger (TigerBeetle's single-phase and two-phase transfers). */
public enum TransferKind {
    SINGLE, PENDING, POST_PENDING, VOID_PENDING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named on the wire, or null when the name is not one. */
    static TransferKind fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (TransferKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        return null;
    }

    boolean resolvesPending() {
        return this == POST_PENDING || this == VOID_PENDING;
    }
}

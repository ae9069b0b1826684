package io.paycloud.account.ledger;

import java.util.Locale;

/**
 * What an account is for, and therefore which TigerBeetle-style limit it carries. Customer wallets
 * and merchant accounts hold money owed to someone, so they may never be debited past their posted
 * credits; funding accounts mirror money that came from outside and may never be credited past their
 * debits.
 */
public enum AccountType {
    WALLET(true, false, false),
    MERCHANT(true, false, false),
    FUNDING(false, true, true),
    FEES(true, false, true),
    SETTLEMENT(false, false, true),
    /** the other side of treasury's corrections: may run either way, its balance is their net sum */
    ADJUSTMENTS(false, false, true);

    private final boolean limitDebits;
    private final boolean limitCredits;
    private final boolean system;

    AccountType(boolean limitDebits, boolean limitCredits, boolean system) {
        this.limitDebits = limitDebits;
        this.limitCredits = limitCredits;
        this.system = system;
    }

    public boolean limitDebits() {
        return limitDebits;
    }

    public boolean limitCredits() {
        return limitCredits;
    }

    public boolean system() {
        return system;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AccountType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

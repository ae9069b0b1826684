package io.paycloud.common.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of money: a whole number of minor units and a supported ISO 4217 currency.
 * There is no floating point anywhere in it; arithmetic refuses to overflow or mix currencies.
 */
public record Money(long minorUnits, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        Currencies.requireExponent(currency);
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    public int exponent() {
        return Currencies.requireExponent(currency);
    }

    /** The amount in major units, exact: 12345 CNY is 123.45. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minorUnits, exponent());
    }

    /** A plain formatted amount such as {@code 123.45 CNY} or {@code 500 JPY}. */
    public String format() {
        return toMajor().toPlainString() + " " + currency;
    }

    /**
     * The share {@code numerator/denominator} of this amount, rounded half-up to a minor unit,
     * computed without overflow for any amounts PayCloud accepts.
     */
    public Money share(long numerator, long denominator) {
        if (denominator <= 0 || numerator < 0) {
            throw new IllegalArgumentException("share needs numerator >= 0 and denominator > 0");
        }
        BigDecimal v = BigDecimal.valueOf(minorUnits).multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, java.math.RoundingMode.HALF_UP);
        return new Money(v.longValueExact(), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}

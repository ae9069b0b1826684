package io.paycloud.common.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void currenciesCarryTheirIsoExponents() {
        assertThat(Currencies.requireExponent("JPY")).isZero();
        assertThat(Currencies.requireExponent("CNY")).isEqualTo(2);
        assertThat(Currencies.requireExponent("KWD")).isEqualTo(3);
        assertThat(Currencies.codes()).contains("CNY", "USD", "EUR", "JPY", "GBP", "HKD", "KWD");
    }

    @Test
    void unknownOrLowerCaseCurrencyIsRefused() {
        assertThat(Currencies.isSupported("XXX")).isFalse();
        assertThat(Currencies.isSupported("cny")).isFalse();
        assertThatThrownBy(() -> Money.of(1, "XXX")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsByTheCurrencyExponent() {
        assertThat(Money.of(12345, "CNY").format()).isEqualTo("123.45 CNY");
        assertThat(Money.of(500, "JPY").format()).isEqualTo("500 JPY");
        assertThat(Money.of(1, "KWD").format()).isEqualTo("0.001 KWD");
    }

    @Test
    void arithmeticRefusesToMixCurrenciesOrOverflow() {
        assertThat(Money.of(100, "USD").plus(Money.of(25, "USD"))).isEqualTo(Money.of(125, "USD"));
        assertThatThrownBy(() -> Money.of(100, "USD").plus(Money.of(1, "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "USD").plus(Money.of(1, "USD")))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void shareRoundsHalfUpToTheMinorUnit() {
        // 60 bps of 1,005 minor units is 6.03 -> 6; of 1,000 is exactly 6
        assertThat(Money.of(1005, "CNY").share(60, 10_000).minorUnits()).isEqualTo(6);
        assertThat(Money.of(250, "CNY").share(1, 2).minorUnits()).isEqualTo(125);
        assertThat(Money.of(5, "CNY").share(1, 2).minorUnits()).isEqualTo(3);
        assertThat(Money.of(Currencies.MAX_AMOUNT, "CNY").share(9_999, 10_000).minorUnits())
                .isEqualTo(99_989_999_999L);
    }
}

package io.paycloud.common.money;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The currencies PayCloud accepts and the number of digits of their minor unit (ISO 4217).
 * The table is fixed here rather than taken from {@link java.util.Currency} so every JVM and every
 * service agree on it, whatever their locale data.
 */
public final class Currencies {

    private static final Map<String, Integer> EXPONENTS;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("CNY", 2);
        m.put("USD", 2);
        m.put("EUR", 2);
        m.put("GBP", 2);
        m.put("HKD", 2);
        m.put("JPY", 0);
        m.put("KWD", 3);
        EXPONENTS = Collections.unmodifiableMap(m);
    }

    /** The largest amount, in minor units, that any single money field may carry. */
    public static final long MAX_AMOUNT = 99_999_999_999L;

    private Currencies() {
    }

    public static Set<String> codes() {
        return EXPONENTS.keySet();
    }

    public static boolean isSupported(String code) {
        return code != null && EXPONENTS.containsKey(code);
    }

    public static Optional<Integer> exponent(String code) {
        return Optional.ofNullable(code == null ? null : EXPONENTS.get(code));
    }

    /** The exponent of a supported currency; an unsupported one is an {@link IllegalArgumentException}. */
    public static int requireExponent(String code) {
        return exponent(code).orElseThrow(() -> new IllegalArgumentException("unsupported currency: " + code));
    }
}

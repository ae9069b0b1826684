package io.paycloud.account.customer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The 18-character PRC resident identity number (GB 11643-1999): six region digits, the birth date
 * as YYYYMMDD, a three-digit sequence and a check character computed with ISO 7064 MOD 11-2
 * ({@code X} standing for 10).
 */
final class PrcIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
    /** Province-level codes of GB/T 2260 (including Taiwan 71, Hong Kong 81, Macao 82). */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
            "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65", "71", "81", "82");

    private PrcIdNumber() {
    }

    /** The number upper-cased ({@code x} → {@code X}), when it is well formed. */
    static String normalise(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    /** Why {@code value} is not a valid id number on {@code today}, or empty when it is one. */
    static Optional<String> problem(String value, LocalDate today) {
        String id = normalise(value);
        if (id == null || !id.matches("[0-9]{17}[0-9X]")) {
            return Optional.of("idNumber is 17 digits followed by a digit or X.");
        }
        if (!PROVINCES.contains(id.substring(0, 2)) || id.substring(2, 6).equals("0000")) {
            return Optional.of("idNumber does not start with a valid region code.");
        }
        LocalDate birth;
        try {
            birth = LocalDate.parse(id.substring(6, 14), BIRTH);
        } catch (DateTimeParseException e) {
            return Optional.of("idNumber does not contain a valid birth date.");
        }
        if (birth.isAfter(today) || birth.isBefore(EARLIEST_BIRTH)) {
            return Optional.of("idNumber does not contain a plausible birth date.");
        }
        if (id.substring(14, 17).equals("000")) {
            return Optional.of("idNumber has an invalid sequence number.");
        }
        if (id.charAt(17) != checkCharacter(id)) {
            return Optional.of("idNumber has a wrong check character.");
        }
        return Optional.empty();
    }

    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Shows the first three and last four characters only: {@code 110***********002X}. */
    static String mask(String id) {
        return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
    }
}

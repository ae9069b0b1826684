package io.paycloud.risk.blocklist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normal forms of the values a block list compares, applied both to entries and to the payment
 * context, so {@code Alice@Example.com} matches {@code alice@example.com} and {@code ::1} matches
 * {@code 0:0:0:0:0:0:0:1}.
 */
public final class BlockValues {

    /** The longest value an entry may hold (the {@code entry_value} column). */
    public static final int MAX_LENGTH = 320;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private BlockValues() {
    }

    /** The canonical text of an IP address literal, or empty when it is not one. Never resolves names. */
    public static Optional<String> ip(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        var v4 = IPV4.matcher(v);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!(v.contains(":") && IPV6.matcher(v).matches())) {
            return Optional.empty();
        }
        try {
            // a literal: InetAddress parses it without any lookup
            return Optional.of(InetAddress.getByName(v).getHostAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String email(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** The normal form of {@code value} for {@code type}, or empty when it is not a valid one. */
    public static Optional<String> normalize(BlockType type, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<String> normal = switch (type) {
            case IP -> ip(value);
            case EMAIL -> value.contains("@") ? Optional.of(email(value)) : Optional.empty();
            case CUSTOMER, DEVICE -> Optional.of(value.strip());
        };
        // checked on the normal form, the one stored: lower-casing can lengthen a value ("İ" becomes
        // "i" and a combining dot), so 320 characters in could be 640 out
        return normal.filter(v -> v.length() <= MAX_LENGTH);
    }
}

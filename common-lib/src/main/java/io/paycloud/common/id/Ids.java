package io.paycloud.common.id;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Prefixed, time-ordered identifiers such as {@code pay_01JD2M8Q4W8Y7N3K5T6V9X0ZAB}.
 * The part after the prefix is a ULID: 48 bits of milliseconds then 80 random bits, in Crockford
 * base32, so ids sort by creation time as strings and in database indexes. Within one process they
 * are monotonic: an id made in the same millisecond as the last (or after the clock stepped back) keeps
 * that millisecond and adds a random step of 1 to 2^32 to the last one's 80 bits, so a list ordered by
 * id is newest first even for objects made within a millisecond, and the next id is still not guessable.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern BODY = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Clock clock = Clock.systemUTC();

    private Ids() {
    }

    /** A new id with the given type prefix, written without its underscore: {@code newId("pay")}. */
    public static String newId(String prefix) {
        return prefix + "_" + ulid(clock.millis());
    }

    private static final long MASK_40 = (1L << 40) - 1;
    private static long lastMillis = -1;
    private static long lastHigh;
    private static long lastLow;

    /** The ULID after the last one made here: in {@code millis}, or in the last one's millisecond when that is later. */
    static synchronized String ulid(long millis) {
        if (millis > lastMillis) {
            byte[] random = new byte[10];
            RANDOM.nextBytes(random);
            lastMillis = millis;
            lastHigh = ((random[0] & 0xFFL) << 32) | ((random[1] & 0xFFL) << 24) | ((random[2] & 0xFFL) << 16)
                    | ((random[3] & 0xFFL) << 8) | (random[4] & 0xFFL);
            lastLow = ((random[5] & 0xFFL) << 32) | ((random[6] & 0xFFL) << 24) | ((random[7] & 0xFFL) << 16)
                    | ((random[8] & 0xFFL) << 8) | (random[9] & 0xFFL);
        } else {
            lastLow += 1 + (RANDOM.nextInt() & 0xFFFFFFFFL);
            if (lastLow > MASK_40) {
                lastLow &= MASK_40;
                lastHigh++;
                if (lastHigh > MASK_40) {
                    // 2^80 used up in one millisecond: the next millisecond, from zero
                    lastMillis++;
                    lastHigh = 0;
                }
            }
        }
        return encode(lastMillis, lastHigh, lastLow);
    }

    /** Whether {@code id} is well formed for {@code prefix}; says nothing of whether it exists. */
    public static boolean isValid(String id, String prefix) {
        if (id == null || !id.startsWith(prefix + "_")) {
            return false;
        }
        return BODY.matcher(id.substring(prefix.length() + 1)).matches();
    }

    /** The creation time encoded in a well-formed id, in epoch milliseconds. */
    public static long timestampOf(String id) {
        String body = id.substring(id.indexOf('_') + 1);
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | decode(body.charAt(i));
        }
        return t;
    }

    private static String encode(long millis, long high, long low) {
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits as 16 characters of 5 bits each
        long hi = high;
        long lo = low;
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    private static int decode(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a base32 character: " + c);
    }
}

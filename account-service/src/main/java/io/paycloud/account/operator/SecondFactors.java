package io.paycloud.account.operator;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.account.customer.IdNumberCipher;

/**
 * Operators' second factor for the browser sign-in: time-based one-time passwords (TOTP, RFC 6238:
 * HMAC-SHA1, 30-second steps, 6 digits), the kind every authenticator app reads from an
 * {@code otpauth://} URI. The 160-bit secret is shown once, at enrolment, and kept sealed (AES-GCM
 * with the platform's field key, the username as associated data). A code is accepted one step
 * either side of now, for clock drift, and only once: the step it was accepted at is recorded with a
 * guarded update, so a code seen over a shoulder or replayed is refused, also by another replica.
 */
@Service
public class SecondFactors {

    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    private static final String ISSUER = "PayCloud";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    public record Enrolment(String secret, String otpauthUri) {
    }

    private final JdbcClient jdbc;
    private final IdNumberCipher cipher;
    private final Clock clock;

    SecondFactors(JdbcClient jdbc, IdNumberCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** A fresh secret for {@code username}, replacing any earlier one; shown this once. */
    public Enrolment enrol(String username) {
        byte[] key = new byte[20];
        RANDOM.nextBytes(key);
        String secret = base32(key);
        jdbc.sql("UPDATE operator SET totp_secret = ?, totp_last_step = NULL WHERE username = ?")
                .params(cipher.encrypt(secret, aad(username)), username).update();
        String label = URLEncoder.encode(ISSUER + ":" + username, StandardCharsets.UTF_8).replace("+", "%20");
        return new Enrolment(secret, "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + ISSUER
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS);
    }

    /** Forgets {@code username}'s second factor (a lost device); they enrol again. */
    public void remove(String username) {
        jdbc.sql("UPDATE operator SET totp_secret = NULL, totp_last_step = NULL WHERE username = ?").param(username).update();
    }

    public boolean enrolled(String username) {
        return sealed(username).isPresent();
    }

    /** Whether {@code code} is {@code username}'s current code, not used before; accepting it uses it up. */
    @Transactional
    public boolean accept(String username, String code) {
        if (code == null || !code.matches("\\d{" + DIGITS + "}")) {
            return false;
        }
        Optional<String> stored = sealed(username);
        if (stored.isEmpty()) {
            return false;
        }
        byte[] key = unbase32(cipher.decrypt(stored.get(), aad(username)));
        long now = clock.instant().getEpochSecond() / STEP_SECONDS;
        for (long step = now + 1; step >= now - 1; step--) {
            if (MessageDigest.isEqual(code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                // only a step after the last accepted one: a code is good once, and an older one never again
                return jdbc.sql("UPDATE operator SET totp_last_step = ? WHERE username = ? "
                        + "AND (totp_last_step IS NULL OR totp_last_step < ?)").params(step, username, step).update() == 1;
            }
        }
        return false;
    }

    private Optional<String> sealed(String username) {
        return jdbc.sql("SELECT totp_secret FROM operator WHERE username = ?").param(username).query(String.class)
                .optional();
    }

    private static String aad(String username) {
        return "operator-totp:" + username;
    }

    /** RFC 4226's HOTP of {@code step} (RFC 6238: the step is the time counter). */
    static String code(byte[] key, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            int modulus = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable", e);
        }
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    static byte[] unbase32(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}

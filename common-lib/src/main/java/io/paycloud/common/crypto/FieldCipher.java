package io.paycloud.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * AES-256-GCM for a field at rest: {@code v1:<base64(iv | ciphertext | tag)>}, a fresh 96-bit IV per
 * value, and the id of the row that holds it as associated data, so a ciphertext copied onto another
 * row does not open. The {@code v1} prefix leaves room for a key rotation. One key per service and
 * purpose: account-service seals id numbers and second-factor secrets with {@code KYC_ENCRYPTION_KEY},
 * payment-service the webhook signing secrets and the stored idempotent answers with
 * {@code PAYMENT_ENCRYPTION_KEY}.
 */
public final class FieldCipher {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private FieldCipher(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
    }

    /**
     * The cipher of the key in {@code value}, base64 of 32 bytes, read from the setting {@code setting}
     * (environment variable {@code variable}). Refuses an unset, malformed or short key, and
     * {@code developmentKey} (published in the source, for the embedded and test profiles) under the
     * mysql, docker and k8s profiles, so that a deployment never runs on a key everybody can read.
     */
    public static FieldCipher fromSetting(String value, String setting, String variable, String developmentKey,
            Environment environment) {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(setting + " is not set: set " + variable
                    + " (base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(setting + " must be 32 bytes (AES-256), base64-encoded");
        }
        if (developmentKey.equals(value.strip()) && environment.acceptsProfiles(Profiles.of("mysql | docker | k8s"))) {
            throw new IllegalStateException("The development key of " + setting
                    + " may not be used with the mysql, docker or k8s profile; set " + variable);
        }
        return new FieldCipher(raw);
    }

    /** Whether {@code stored} is a value this class sealed (of any key). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(VERSION);
    }

    public String seal(String plain, String associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The plain value; fails on another key, another row's associated data or any changed byte. */
    public String open(String stored, String associatedData) {
        if (!isSealed(stored)) {
            throw new IllegalStateException("Unknown field cipher version");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            if (in.length < IV_BYTES + TAG_BITS / 8) {
                throw new IllegalStateException("Sealed field too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}

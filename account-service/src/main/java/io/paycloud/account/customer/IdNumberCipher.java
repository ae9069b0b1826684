package io.paycloud.account.customer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for id numbers at rest: {@code v1:<base64(iv | ciphertext | tag)>}, a fresh 96-bit IV per
 * value, and the customer id as associated data, so a ciphertext copied onto another customer's row
 * does not decrypt. The {@code v1} prefix leaves room for a key rotation. The operators' second-factor
 * secrets are sealed with it too ({@code operator.SecondFactors}, the username as associated data).
 */
@Component
public class IdNumberCipher {

    /** The published development key of the embedded and test profiles (base64 of "paycloud-embedded-dev-only-key!!"). */
    static final String DEV_KEY = "cGF5Y2xvdWQtZW1iZWRkZWQtZGV2LW9ubHkta2V5ISE=";
    private static final String VERSION = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    IdNumberCipher(KycProperties properties, Environment environment) {
        if (properties.encryptionKey().startsWith("${")) {
            throw new IllegalStateException("paycloud.kyc.encryption-key is not set: set KYC_ENCRYPTION_KEY "
                    + "(base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(properties.encryptionKey().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("paycloud.kyc.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("paycloud.kyc.encryption-key must be 32 bytes (AES-256), base64-encoded");
        }
        if (DEV_KEY.equals(properties.encryptionKey().strip()) && environment.acceptsProfiles(Profiles.of("mysql | docker | k8s"))) {
            throw new IllegalStateException("The development KYC key may not be used with the mysql, docker or k8s profile; "
                    + "set KYC_ENCRYPTION_KEY");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String encrypt(String plain, String customerId) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(customerId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(String stored, String customerId) {
        if (!stored.startsWith(VERSION)) {
            throw new IllegalStateException("Unknown id number cipher version");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            cipher.updateAAD(customerId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}

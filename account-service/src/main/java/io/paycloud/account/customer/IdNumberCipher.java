package io.paycloud.account.customer;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.paycloud.common.crypto.FieldCipher;

/**
 * Id numbers at rest, sealed with the platform's {@link FieldCipher} (AES-256-GCM) under
 * {@code KYC_ENCRYPTION_KEY}, the customer id as associated data, so a ciphertext copied onto another
 * customer's row does not decrypt. The operators' second-factor secrets are sealed with it too
 * ({@code operator.SecondFactors}, the username as associated data).
 */
@Component
public class IdNumberCipher {

    /** The published development key of the embedded and test profiles (base64 of "paycloud-embedded-dev-only-key!!"). */
    static final String DEV_KEY = "cGF5Y2xvdWQtZW1iZWRkZWQtZGV2LW9ubHkta2V5ISE=";

    private final FieldCipher cipher;

    IdNumberCipher(KycProperties properties, Environment environment) {
        this.cipher = FieldCipher.fromSetting(properties.encryptionKey(), "paycloud.kyc.encryption-key", "KYC_ENCRYPTION_KEY",
                DEV_KEY, environment);
    }

    public String encrypt(String plain, String customerId) {
        return cipher.seal(plain, customerId);
    }

    public String decrypt(String stored, String customerId) {
        return cipher.open(stored, customerId);
    }
}

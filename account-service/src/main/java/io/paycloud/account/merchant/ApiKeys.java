package io.paycloud.account.merchant;

import java.security.SecureRandom;
import java.util.Base64;

import io.paycloud.common.crypto.Hashes;

/**
 * Secret API keys: {@code sk_test_} and 192 random bits. A key this random needs no salt or slow hash;
 * SHA-256 of it is what is stored and looked up, so a leaked table yields no usable key.
 */
final class ApiKeys {

    static final String PREFIX = "sk_test_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secretKey) {
        return Hashes.sha256Hex(secretKey);
    }

    static boolean wellFormed(String secretKey) {
        return secretKey != null && secretKey.startsWith(PREFIX) && secretKey.length() <= 200;
    }
}

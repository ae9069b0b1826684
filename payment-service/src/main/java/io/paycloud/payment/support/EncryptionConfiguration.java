package io.paycloud.payment.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.paycloud.common.crypto.FieldCipher;

@Configuration(proxyBeanMethods = false)
class EncryptionConfiguration {

    /** The published development key of the embedded and test profiles (base64 of "paycloud-payments-dev-only-key!!"). */
    static final String DEV_KEY = "cGF5Y2xvdWQtcGF5bWVudHMtZGV2LW9ubHkta2V5ISE=";

    /** The cipher of payment-service's fields at rest (AES-256-GCM, {@code PAYMENT_ENCRYPTION_KEY}). */
    @Bean
    FieldCipher fieldCipher(EncryptionProperties properties, Environment environment) {
        return FieldCipher.fromSetting(properties.key(), "paycloud.encryption.key", "PAYMENT_ENCRYPTION_KEY", DEV_KEY,
                environment);
    }
}

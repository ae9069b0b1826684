package io.paycloud.account.customer;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Real-name verification settings ({@code paycloud.kyc.*}).
 *
 * @param encryptionKey base64 of the 32-byte AES-256 key that encrypts id numbers at rest. The embedded
 *        and test profiles carry a published development key; every other profile reads
 *        {@code KYC_ENCRYPTION_KEY} from the environment and refuses the development key.
 */
@Validated
@ConfigurationProperties("paycloud.kyc")
public record KycProperties(@NotBlank String encryptionKey) {
}

package io.paycloud.account.approval;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Four-eyes thresholds.
 *
 * @param depositThreshold a deposit of more than this many minor units waits for a second treasury
 *        operator (the same number in every currency: set it for the currency with the smallest unit)
 * @param adjustmentThreshold an adjustment (either direction) of more than this many minor units waits for a
 *        second treasury operator; 0 puts every adjustment under four-eyes
 * @param expiresAfter how long a request waits for its checker before it can no longer be approved
 */
@ConfigurationProperties("paycloud.four-eyes")
public record FourEyesProperties(Long depositThreshold, Long adjustmentThreshold, Duration expiresAfter) {

    public FourEyesProperties {
        depositThreshold = depositThreshold == null ? 1_000_000L : depositThreshold;
        adjustmentThreshold = adjustmentThreshold == null ? 100_000L : adjustmentThreshold;
        expiresAfter = expiresAfter == null ? Duration.ofHours(24) : expiresAfter;
        if (depositThreshold < 0) {
            throw new IllegalStateException("paycloud.four-eyes.deposit-threshold must be 0 or more");
        }
        if (adjustmentThreshold < 0) {
            throw new IllegalStateException("paycloud.four-eyes.adjustment-threshold must be 0 or more");
        }
    }
}

package io.paycloud.payment.payment;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param riskFallback what a payment becomes when risk-service cannot answer: {@code review} or
 *        {@code decline}; approving without an assessment is not an option
 * @param automaticHold how long the hold of an automatic-capture payment lives if the capture never comes
 * @param manualHold how long a manual-capture payment may wait for its capture
 * @param janitorAfter how long a payment sits in processing before the janitor settles it
 * @param giveUpAfter after this long in processing without a hold, the janitor fails the payment
 */
@Validated
@ConfigurationProperties("paycloud.payments")
public record PaymentProperties(
        @NotNull @Pattern(regexp = "review|decline") String riskFallback,
        @NotNull Duration automaticHold,
        @NotNull Duration manualHold,
        @NotNull Duration janitorAfter,
        @NotNull Duration giveUpAfter) {
}

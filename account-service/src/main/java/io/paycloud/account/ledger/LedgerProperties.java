package io.paycloud.account.ledger;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Ledger settings ({@code paycloud.ledger.*}).
 *
 * @param defaultHoldTimeout how long a hold lives when the caller names no {@code timeoutSeconds}
 *        (7 days, like a card authorisation)
 * @param maxHoldTimeout the longest hold a caller may ask for
 * @param expiryInterval how often the hold expiry job looks for holds past their timeout
 * @param expiryBatch how many expired holds one run voids at most
 * @param maxBatch the most transfers one batch request may carry (TigerBeetle's 8,190)
 */
@Validated
@ConfigurationProperties("paycloud.ledger")
public record LedgerProperties(
        @NotNull @DefaultValue("7d") Duration defaultHoldTimeout,
        @NotNull @DefaultValue("30d") Duration maxHoldTimeout,
        @NotNull @DefaultValue("5s") Duration expiryInterval,
        @Min(1) @DefaultValue("500") int expiryBatch,
        @Min(1) @Max(8190) @DefaultValue("8190") int maxBatch) {
}

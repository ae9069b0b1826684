package io.paycloud.risk.anomaly;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.paycloud.common.money.Currencies;

/**
 * Body of {@code POST /internal/outcomes}: how a payment ended. {@code amount} is what was
 * captured for a {@code succeeded} payment.
 */
record OutcomeRequest(
        @NotBlank @Size(max = 64) String payment,
        @NotBlank @Size(max = 64) String customer,
        @NotNull @Min(1) @Max(Currencies.MAX_AMOUNT) Long amount,
        @NotNull String currency,
        @NotNull @Pattern(regexp = "succeeded|failed|canceled") String status) {
}

package io.paycloud.payment.payment;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.paycloud.common.money.Currencies;
import io.swagger.v3.oas.annotations.media.Schema;

public record CreatePaymentRequest(
        @Schema(description = "In the currency's minor unit (fen for CNY, cents for USD).", example = "2500")
        @NotNull @Min(1) @Max(Currencies.MAX_AMOUNT) Long amount,
        @Schema(description = "ISO 4217, upper case; the customer's wallet currency.", example = "CNY")
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an upper-case ISO 4217 code") String currency,
        @Schema(description = "The paying customer's id.", example = "cus_01JD8WZ5M3K7Q2R9T4V6X8Y0A1")
        @NotBlank @Size(max = 40) String customer,
        @Schema(allowableValues = {"automatic", "manual"}, defaultValue = "automatic")
        @Pattern(regexp = "automatic|manual", message = "must be automatic or manual") String captureMethod,
        @Schema(description = "Confirm at once, answering the outcome.", defaultValue = "false") Boolean confirm,
        @Size(max = 1000) String description,
        @Schema(description = "Up to 50 keys of at most 40 characters, values of at most 500.")
        Map<String, String> metadata) {
}

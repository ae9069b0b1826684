package io.paycloud.payment.payment;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.paycloud.common.money.Currencies;

public record CreatePaymentRequest(
        @NotNull @Min(1) @Max(Currencies.MAX_AMOUNT) Long amount,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an upper-case ISO 4217 code") String currency,
        @NotBlank @Size(max = 40) String customer,
        @Pattern(regexp = "automatic|manual", message = "must be automatic or manual") String captureMethod,
        Boolean confirm,
        @Size(max = 1000) String description,
        Map<String, String> metadata) {
}

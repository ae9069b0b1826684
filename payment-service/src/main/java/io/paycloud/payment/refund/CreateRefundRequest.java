package io.paycloud.payment.refund;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.paycloud.common.money.Currencies;
import io.swagger.v3.oas.annotations.media.Schema;

public record CreateRefundRequest(
        @Schema(description = "The succeeded payment to refund.", example = "pay_01JD8X3B6Q4Z9V0E7K2M5N1T8R")
        @NotBlank @Size(max = 40) String payment,
        @Schema(description = "In the payment's minor unit; by default all that is left to refund.", example = "1000")
        @Min(1) @Max(Currencies.MAX_AMOUNT) Long amount,
        @Schema(allowableValues = {"requested_by_customer", "duplicate", "fraudulent"})
        @Pattern(regexp = "requested_by_customer|duplicate|fraudulent",
                message = "must be requested_by_customer, duplicate or fraudulent") String reason) {
}

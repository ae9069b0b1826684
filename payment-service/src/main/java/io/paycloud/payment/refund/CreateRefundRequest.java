package io.paycloud.payment.refund;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.paycloud.common.money.Currencies;

public record CreateRefundRequest(
        @NotBlank @Size(max = 40) String payment,
        @Min(1) @Max(Currencies.MAX_AMOUNT) Long amount,
        @Pattern(regexp = "requested_by_customer|duplicate|fraudulent",
                message = "must be requested_by_customer, duplicate or fraudulent") String reason) {
}

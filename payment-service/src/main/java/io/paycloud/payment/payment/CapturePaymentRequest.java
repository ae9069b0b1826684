package io.paycloud.payment.payment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.paycloud.common.money.Currencies;
import io.swagger.v3.oas.annotations.media.Schema;

public record CapturePaymentRequest(
        @Schema(description = "At most `amountCapturable`; by default all of it.", example = "2500")
        @Min(1) @Max(Currencies.MAX_AMOUNT) Long amountToCapture) {
}

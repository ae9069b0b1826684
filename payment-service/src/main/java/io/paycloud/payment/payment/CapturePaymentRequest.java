package io.paycloud.payment.payment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.paycloud.common.money.Currencies;

public record CapturePaymentRequest(@Min(1) @Max(Currencies.MAX_AMOUNT) Long amountToCapture) {
}

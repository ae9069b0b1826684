package io.paycloud.risk.assessment;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.paycloud.common.money.Currencies;

/** Body of {@code POST /internal/assessments}: the context of the payment to judge. */
record AssessmentRequest(
        @Size(max = 64) String payment,
        @NotBlank @Size(max = 64) String merchant,
        @NotBlank @Size(max = 64) String customer,
        @NotNull @Min(1) @Max(Currencies.MAX_AMOUNT) Long amount,
        @NotNull String currency,
        @NotNull @Pattern(regexp = "none|verified") String kycLevel,
        @Email @Size(max = 320) String email,
        @Size(max = 64) String clientIp,
        @Size(max = 200) String deviceId) {
}

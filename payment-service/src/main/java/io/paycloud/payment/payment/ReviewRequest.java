package io.paycloud.payment.payment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record ReviewRequest(@NotNull @Pattern(regexp = "approve|decline", message = "must be approve or decline") String decision) {
}

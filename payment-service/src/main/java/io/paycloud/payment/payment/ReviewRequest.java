package io.paycloud.payment.payment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

public record ReviewRequest(@Schema(allowableValues = {"approve", "decline"}) @NotNull @Pattern(regexp = "approve|decline", message = "must be approve or decline") String decision) {
}

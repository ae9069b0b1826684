package io.paycloud.risk.blocklist;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

record BlockEntryRequest(@Schema(allowableValues = {"customer", "ip", "device", "email"}) @NotNull String type,
        @Schema(example = "203.0.113.7") @NotBlank @Size(max = BlockValues.MAX_LENGTH) String value) {
}

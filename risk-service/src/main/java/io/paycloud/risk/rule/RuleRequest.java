package io.paycloud.risk.rule;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** Body of {@code POST /v1/risk/rules} and {@code PUT /v1/risk/rules/{id}} (a PUT replaces the whole rule). */
record RuleRequest(
        @Schema(example = "Large CNY payments") @NotBlank @Size(max = 200) String name,
        @Schema(allowableValues = {"amount_limit", "velocity", "kyc_required", "anomaly", "blocklist"}) @NotNull String type,
        @Schema(allowableValues = {"decline", "review"}) @NotNull String action,
        @Schema(description = "By `type`: `amount_limit` {currency, maxAmount}; `velocity` {scope: customer|device|ip, "
                + "windowSeconds, maxCount and/or maxAmount (+ currency)}; `kyc_required` {currency, minAmount}; `anomaly` "
                + "{minHistory, stdDevs}; `blocklist` none. Each may name a `merchant` it applies to alone. Required "
                + "except for `blocklist`.", example = "{\"currency\": \"CNY\", \"maxAmount\": 5000000}") JsonNode params,
        @Schema(defaultValue = "true") Boolean enabled) {
}

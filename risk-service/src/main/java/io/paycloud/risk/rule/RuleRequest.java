package io.paycloud.risk.rule;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/** Body of {@code POST /v1/risk/rules} and {@code PUT /v1/risk/rules/{id}} (a PUT replaces the whole rule). */
record RuleRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull String type,
        @NotNull String action,
        JsonNode params,
        Boolean enabled) {
}

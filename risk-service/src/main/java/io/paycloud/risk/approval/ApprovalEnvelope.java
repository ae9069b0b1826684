package io.paycloud.risk.approval;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * The shape of account-service's {@code {"approval": {...}}}, which a four-eyes request answers with 202
 * as {@link ApprovalRequests#request} got it: risk-service relays that JSON and never builds this record;
 * the OpenAPI document names it as the 202's schema.
 */
@Schema(name = "ApprovalEnvelope", description = "A four-eyes request: `{approval: {...}}`, stored in account-service "
        + "and decided there (`POST /v1/approvals/{id}/approve` or `…/reject`).")
public record ApprovalEnvelope(Approval approval) {

    @Schema(name = "ApprovalView")
    public record Approval(@Schema(example = "apr_01JD8YC4D8P7E5Z6J1Q7S9T5X2W") String id,
            @Schema(description = "`risk_rule_delete`, `risk_rule_disable` or `blocklist_remove` here.",
                    example = "risk_rule_delete") String action,
            @Schema(description = "The rule or block-list entry.") String object,
            @Schema(description = "The maker's request, as it was sent.") JsonNode request,
            String maker,
            @Schema(description = "The role a checker must hold: `risk` here.") String requiredRole,
            @Schema(allowableValues = {"pending", "approved", "rejected", "expired"}) String status,
            @Schema(nullable = true, description = "The operator who decided it.") String checker,
            @Schema(nullable = true, description = "What the approved action did, once approved.") JsonNode result,
            Instant createdAt, Instant expiresAt, @Schema(nullable = true) Instant decidedAt) {
    }
}

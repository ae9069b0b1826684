package io.paycloud.account.approval;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** An approval as the API shows it: the stored request, who made it, who decided it and what it did. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApprovalView(@Schema(example = "apr_01JD8YC4D8P7E5Z6J1Q7S9T5X2W") String id,
        @Schema(description = "`deposit`, `adjustment`, `role_grant`, `risk_rule_delete`, `risk_rule_disable` or "
                + "`blocklist_remove`.", example = "deposit") String action,
        @Schema(description = "What the action is on: an account, an operator, a rule or a block-list entry.") String object,
        @Schema(description = "The maker's request, as it was sent.") JsonNode request,
        String maker,
        @Schema(description = "The role a checker must hold.", allowableValues = {"viewer", "support", "risk", "treasury", "admin"})
        String requiredRole,
        @Schema(allowableValues = {"pending", "approved", "rejected", "expired"}) String status,
        @Schema(nullable = true, description = "The operator who decided it.") String checker,
        @Schema(nullable = true, description = "What the approved action did (the transfer, the operator, the rule), once approved.")
        JsonNode result,
        Instant createdAt, Instant expiresAt, @Schema(nullable = true) Instant decidedAt) {

    public static ApprovalView of(Approvals.Approval a) {
        return new ApprovalView(a.id(), a.action(), a.object(), a.body(), a.maker(), a.requiredRole().wire(),
                a.status().name().toLowerCase(Locale.ROOT), a.checker(), a.result(), a.createdAt(), a.expiresAt(),
                a.decidedAt());
    }
}

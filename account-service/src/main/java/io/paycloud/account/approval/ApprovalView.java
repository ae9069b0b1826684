package io.paycloud.account.approval;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/** An approval as the API shows it: the stored request, who made it, who decided it and what it did. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApprovalView(String id, String action, String object, JsonNode request, String maker, String requiredRole,
        String status, String checker, JsonNode result, Instant createdAt, Instant expiresAt, Instant decidedAt) {

    public static ApprovalView of(Approvals.Approval a) {
        return new ApprovalView(a.id(), a.action(), a.object(), a.body(), a.maker(), a.requiredRole().wire(),
                a.status().name().toLowerCase(Locale.ROOT), a.checker(), a.result(), a.createdAt(), a.expiresAt(),
                a.decidedAt());
    }
}

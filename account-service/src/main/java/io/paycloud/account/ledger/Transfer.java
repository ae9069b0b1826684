package io.paycloud.account.ledger;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A transfer as the ledger recorded it. Transfers never change, except that a {@code pending} one
 * moves once from {@code pending} to {@code posted}, {@code voided} or {@code expired}.
 * {@code status} of the other kinds: {@code posted} (single, post_pending) or {@code voided} (void_pending).
 */
public record Transfer(
        @Schema(example = "dep_3f1c9a0b7e2d4c6a8b0e1f2a3b4c5d6e7f8a9b0c") String id,
        @Schema(allowableValues = {"single", "pending", "post_pending", "void_pending"}) String kind,
        @Schema(allowableValues = {"pending", "posted", "voided", "expired"}) String status,
        String debitAccountId,
        String creditAccountId,
        @Schema(description = "In the currency's minor unit.") long amount,
        String currency,
        @Schema(nullable = true, description = "The pending transfer a post or void resolves.") String pendingId,
        @Schema(nullable = true, description = "A pending transfer's timeout.") Long timeoutSeconds,
        @Schema(nullable = true, description = "When a pending transfer expires.") Instant expiresAt,
        Instant createdAt) {
}

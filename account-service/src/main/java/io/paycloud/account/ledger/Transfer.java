package io.paycloud.account.ledger;

import java.time.Instant;

/**
 * A transfer as the ledger recorded it. Transfers never change, except that a {@code pending} one
 * moves once from {@code pending} to {@code posted}, {@code voided} or {@code expired}.
 * {@code status} of the other kinds: {@code posted} (single, post_pending) or {@code voided} (void_pending).
 */
public record Transfer(
        String id,
        String kind,
        String status,
        String debitAccountId,
        String creditAccountId,
        long amount,
        String currency,
        String pendingId,
        Long timeoutSeconds,
        Instant expiresAt,
        Instant createdAt) {
}

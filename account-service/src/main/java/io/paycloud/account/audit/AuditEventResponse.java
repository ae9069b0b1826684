package io.paycloud.account.audit;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** An audit event as the API shows it; {@code requestBody} is the stored (masked) JSON as a string. */
record AuditEventResponse(String id, @Schema(description = "1, 2, 3 … without gaps.") long sequence, Instant occurredAt,
        @Schema(description = "The operator (or service) who acted.") String actor, List<String> actorRoles,
        String action, @Schema(nullable = true) String object,
        @Schema(nullable = true, description = "The request body as JSON, secret fields masked.") String requestBody,
        String outcome, @Schema(nullable = true) String requestId, @Schema(nullable = true) String clientAddress,
        @Schema(description = "SHA-256 over the event's fields and `prevHash`, hex.") String hash,
        @Schema(description = "The previous event's `hash`.") String prevHash) {

    static AuditEventResponse of(AuditEvent e) {
        return new AuditEventResponse(e.id(), e.sequence(), e.occurredAt(), e.actor(), e.actorRoles(), e.action(),
                e.objectId(), e.requestBody(), e.outcome(), e.requestId(), e.clientAddress(), e.hash(), e.prevHash());
    }
}

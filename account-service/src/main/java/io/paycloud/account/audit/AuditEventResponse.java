package io.paycloud.account.audit;

import java.time.Instant;
import java.util.List;

/** An audit event as the API shows it; {@code requestBody} is the stored (masked) JSON as a string. */
record AuditEventResponse(String id, long sequence, Instant occurredAt, String actor, List<String> actorRoles,
        String action, String object, String requestBody, String outcome, String requestId, String clientAddress,
        String hash, String prevHash) {

    static AuditEventResponse of(AuditEvent e) {
        return new AuditEventResponse(e.id(), e.sequence(), e.occurredAt(), e.actor(), e.actorRoles(), e.action(),
                e.objectId(), e.requestBody(), e.outcome(), e.requestId(), e.clientAddress(), e.hash(), e.prevHash());
    }
}

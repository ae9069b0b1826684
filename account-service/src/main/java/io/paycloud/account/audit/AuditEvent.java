package io.paycloud.account.audit;

import java.time.Instant;
import java.util.List;

/**
 * An event as the trail stores it: an {@link AuditEntry} with its place in the chain.
 *
 * @param sequence 1, 2, 3 … in append order, without gaps
 * @param id {@code aud_…}
 * @param occurredAt to the microsecond, as the column keeps it
 * @param actorRoles sorted, without repeats
 * @param requestBody masked JSON, or null
 * @param prevHash the hash of the event before, 64 zeros for the first
 * @param hash SHA-256 of this event and {@code prevHash} (lowercase hex; {@link AuditHash} has the encoding)
 */
public record AuditEvent(long sequence, String id, Instant occurredAt, String actor, List<String> actorRoles,
        String action, String objectId, String requestBody, String outcome, String requestId, String clientAddress,
        String prevHash, String hash) {
}

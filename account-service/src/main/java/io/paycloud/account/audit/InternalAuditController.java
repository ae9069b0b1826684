package io.paycloud.account.audit;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The gateway reports each operator request here; never routed by the gateway itself. */
@RestController
class InternalAuditController {

    private final AuditTrail trail;

    InternalAuditController(AuditTrail trail) {
        this.trail = trail;
    }

    /** An operator request as the gateway saw it; the limits are {@link AuditEntry}'s. */
    record AppendRequest(String actor, List<String> actorRoles, String action, String object, String requestBody,
            String outcome, String requestId, String clientAddress, Instant occurredAt) {
    }

    @PostMapping("/internal/audit-events")
    @ResponseStatus(HttpStatus.CREATED)
    AuditEventResponse append(@RequestBody AppendRequest body) {
        return AuditEventResponse.of(trail.append(new AuditEntry(body.occurredAt(), body.actor(), body.actorRoles(),
                body.action(), body.object(), body.requestBody(), body.outcome(), body.requestId(),
                body.clientAddress())));
    }
}

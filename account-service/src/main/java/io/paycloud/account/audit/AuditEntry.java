package io.paycloud.account.audit;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.paycloud.common.error.ApiException;

/**
 * One operator action (or a system event) to record with {@link AuditTrail#append}. Checked here, so the
 * gateway's reports and account-service's own events meet the same limits (the columns of V5); a value
 * out of bounds is a 400 naming the field as {@code POST /internal/audit-events} spells it.
 *
 * @param occurredAt when it happened; null for now (the trail's clock)
 * @param actor the operator's username, or a service's name for system events
 * @param actorRoles the actor's roles; kept sorted and without repeats, empty for a service
 * @param action what was done: {@code POST /v1/accounts/{id}/deposits}, {@code operator.created}
 * @param objectId what it was done to ({@code acc_…}, {@code apr_…}, a username), or null
 * @param requestBody the request's JSON with secrets masked by the caller, or null; the trail masks
 *        again (see {@link RequestBodyMasking})
 * @param outcome the HTTP status ({@code 201}, {@code 403}) or a decision ({@code approved})
 * @param requestId the request id the gateway gave the request, or null
 * @param clientAddress the operator's client address, or null
 */
public record AuditEntry(Instant occurredAt, String actor, List<String> actorRoles, String action, String objectId,
        String requestBody, String outcome, String requestId, String clientAddress) {

    /** Printable text only: an audit line must not carry line breaks or escape codes into logs and exports. */
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");
    /** Role names are joined with commas in the table, so they cannot contain one; 10 of 40 fit its 500. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,40}");
    static final int MAX_ROLES = 10;

    public AuditEntry {
        required("actor", actor, 100);
        required("action", action, 200);
        required("outcome", outcome, 40);
        optional("object", objectId, 100);
        optional("requestId", requestId, 100);
        optional("clientAddress", clientAddress, 64);
        actorRoles = roles(actorRoles);
    }

    private static void required(String param, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.missing(param);
        }
        optional(param, value, max);
    }

    private static void optional(String param, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max || !PRINTABLE.matcher(value).matches()) {
            throw ApiException.invalid(param, param + " is 1 to " + max + " printable characters.");
        }
    }

    private static List<String> roles(List<String> roles) {
        if (roles == null) {
            throw ApiException.missing("actorRoles");
        }
        if (roles.size() > MAX_ROLES) {
            throw ApiException.invalid("actorRoles", "At most " + MAX_ROLES + " roles.");
        }
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw ApiException.invalid("actorRoles", "A role is 1 to 40 of A-Z a-z 0-9 _ . : -.");
            }
        }
        return roles.stream().distinct().sorted().toList();
    }
}

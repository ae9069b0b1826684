package io.paycloud.account.riskcontrol;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.account.approval.ApprovalEnvelope;
import io.paycloud.account.approval.Approvals;
import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.identity.OperatorRole;
import tools.jackson.databind.JsonNode;

/**
 * risk-service stores a risk operator's request here instead of carrying it out (four-eyes); the
 * approval then waits in the one list operators decide from ({@code GET /v1/approvals}). Only the
 * actions of {@link RiskControlAction} are taken: risk-service cannot ask for a deposit or a role.
 */
@RestController
class InternalApprovalController {

    /** The widest an id in another service may be (the approval's {@code object_id}). */
    private static final int MAX_OBJECT = 80;
    /** The longest operator username ({@code approval.maker}). */
    private static final int MAX_MAKER = 64;
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    /**
     * @param request the operator's request as risk-service received it (a JSON object), shown to the checker
     * @param maker the operator who asked, as the gateway vouched for them to risk-service
     * @param makerRoles their roles there, when sent: they must include the role that decides the action
     * @param idempotencyKey the operator's {@code Idempotency-Key}: the same request again finds its approval
     */
    record ApprovalRequest(String action, String object, JsonNode request, String maker, List<String> makerRoles,
            String idempotencyKey) {
    }

    private final Approvals approvals;

    InternalApprovalController(Approvals approvals) {
        this.approvals = approvals;
    }

    @PostMapping("/internal/approvals")
    @ResponseStatus(HttpStatus.CREATED)
    ApprovalEnvelope request(@RequestBody ApprovalRequest body) {
        if (body.action() == null) {
            throw ApiException.missing("action");
        }
        RiskControlAction action = RiskControlAction.ofWire(body.action())
                .orElseThrow(() -> ApiException.invalid("action", "action is risk_rule_delete, risk_rule_disable or blocklist_remove."));
        String object = required("object", body.object(), MAX_OBJECT);
        if (body.request() == null || body.request().isNull()) {
            throw ApiException.missing("request");
        }
        if (!body.request().isObject()) {
            throw ApiException.invalid("request", "request is a JSON object.");
        }
        String maker = required("maker", body.maker(), MAX_MAKER);
        if (body.makerRoles() != null && body.makerRoles().stream().anyMatch(r -> OperatorRole.ofWire(r).isEmpty())) {
            throw ApiException.invalid("makerRoles", "makerRoles are operator roles.");
        }
        if (body.makerRoles() != null && !body.makerRoles().contains(RiskControls.ROLE.wire())) {
            throw ApiException.invalid("makerRoles", "The maker of " + action.wire() + " holds the '"
                    + RiskControls.ROLE.wire() + "' role.");
        }
        if (body.idempotencyKey() != null
                && (body.idempotencyKey().isEmpty() || body.idempotencyKey().length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.invalid("idempotencyKey", "idempotencyKey is 1 to " + MAX_IDEMPOTENCY_KEY + " characters.");
        }
        return ApprovalEnvelope.of(approvals.request(action.wire(), object, body.request(), maker, body.idempotencyKey()));
    }

    private static String required(String param, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.missing(param);
        }
        if (value.length() > max || !value.strip().equals(value)) {
            throw ApiException.invalid(param, param + " is at most " + max + " characters, without surrounding spaces.");
        }
        return value;
    }
}

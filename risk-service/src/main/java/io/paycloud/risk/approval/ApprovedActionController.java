package io.paycloud.risk.approval;

import java.time.Instant;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.error.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * account-service hands back a four-eyes action a second operator approved; it is carried out here
 * once per approval id, and sending it again answers the same result ({@code Idempotent-Replayed: true}).
 */
@RestController
class ApprovedActionController {

    private static final int MAX_APPROVAL = 40;
    private static final int MAX_OBJECT = 80;
    private static final int MAX_OPERATOR = 64;

    /**
     * @param approval account-service's approval id, the key that makes the call idempotent
     * @param request the maker's request as it was stored for approval
     */
    record ApprovedActionRequest(String approval, String action, String object, JsonNode request, String maker,
            String checker) {
    }

    record ApprovedActionResponse(String approval, String action, String object, JsonNode result, Instant executedAt) {
    }

    private final ApprovedActions actions;

    ApprovedActionController(ApprovedActions actions) {
        this.actions = actions;
    }

    @PostMapping("/internal/approved-actions")
    ResponseEntity<ApprovedActionResponse> execute(@RequestBody ApprovedActionRequest body) {
        String approval = required("approval", body.approval(), MAX_APPROVAL);
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
        String maker = required("maker", body.maker(), MAX_OPERATOR);
        String checker = required("checker", body.checker(), MAX_OPERATOR);
        if (checker.equals(maker)) {
            // account-service never sends this; a second line behind its four-eyes check
            throw ApiException.invalid("checker", "The checker of an approval is not its maker.");
        }
        ApprovedActions.Carried carried = actions.execute(approval, action, object, body.request(), maker, checker);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (carried.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(new ApprovedActionResponse(carried.approval(), carried.action().wire(), carried.object(),
                carried.result(), carried.executedAt()));
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

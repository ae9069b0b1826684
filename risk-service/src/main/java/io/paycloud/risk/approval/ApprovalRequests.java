package io.paycloud.risk.approval;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.caller.Ops;
import tools.jackson.databind.JsonNode;

/**
 * Where a four-eyes action waits for its checker: account-service keeps the one list of approvals
 * operators decide from, and hands an approved action back ({@code POST /internal/approved-actions}).
 */
public interface ApprovalRequests {

    /** The longest {@code Idempotency-Key} passed on. */
    int MAX_IDEMPOTENCY_KEY = 255;

    /**
     * Stores {@code maker}'s {@code request} for {@code action} on {@code object}; nothing happens here
     * yet. Answers account-service's {@code {"approval": {...}}}, which the caller answers with 202.
     * With the same idempotency key the same request finds the approval it made the first time.
     */
    JsonNode request(RiskControlAction action, String object, Object request, Ops maker, String idempotencyKey);
}

package io.paycloud.account.approval;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"approval": {...}}}: the 202 answer of a call stored for approval, and the answer of a decision. */
@Schema(description = "A four-eyes request: `{approval: {...}}`.")
public record ApprovalEnvelope(ApprovalView approval) {

    public static ApprovalEnvelope of(Approvals.Approval approval) {
        return new ApprovalEnvelope(ApprovalView.of(approval));
    }
}

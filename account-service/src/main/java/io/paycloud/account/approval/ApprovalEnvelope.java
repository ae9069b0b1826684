package io.paycloud.account.approval;

/** {@code {"approval": {...}}}: the 202 answer of a call stored for approval, and the answer of a decision. */
public record ApprovalEnvelope(ApprovalView approval) {

    public static ApprovalEnvelope of(Approvals.Approval approval) {
        return new ApprovalEnvelope(ApprovalView.of(approval));
    }
}

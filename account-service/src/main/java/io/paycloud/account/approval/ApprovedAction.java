package io.paycloud.account.approval;

import io.paycloud.common.caller.Ops;
import io.paycloud.common.identity.OperatorRole;

/**
 * An action that waits for a second operator: the feature that owns it registers one bean per action;
 * {@link Approvals} runs it once, on approval, in the transaction that marks the request approved.
 */
public interface ApprovedAction {

    /** The action's name in an approval ({@code deposit}, {@code role_grant}). */
    String name();

    /** The role a checker must hold (the maker held it too). */
    OperatorRole requiredRole();

    /** Does what was asked; what it returns is the approval's {@code result}. */
    Object execute(Approvals.Approval approval, Ops checker);
}

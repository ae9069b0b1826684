package io.paycloud.account.operator;

import org.springframework.stereotype.Component;

import io.paycloud.account.approval.ApprovedAction;
import io.paycloud.account.approval.Approvals;
import io.paycloud.common.caller.Ops;
import io.paycloud.common.identity.OperatorRole;

/** Granting a role is a four-eyes action for administrators. */
@Component
class RoleGrants implements ApprovedAction {

    static final String ACTION = "role_grant";

    private final Operators operators;

    RoleGrants(Operators operators) {
        this.operators = operators;
    }

    /** Fewer than two enabled administrators: nobody could check a grant, so one administrator's grants apply. */
    boolean bootstrapping() {
        return operators.holding(OperatorRole.ADMIN) < 2;
    }

    @Override
    public String name() {
        return ACTION;
    }

    @Override
    public OperatorRole requiredRole() {
        return OperatorRole.ADMIN;
    }

    @Override
    public Object execute(Approvals.Approval approval, Ops checker) {
        OperatorRole role = OperatorRole.ofWire(approval.body().get("role").asString()).orElseThrow();
        Operators.Operator operator = operators.grant(approval.object(), role);
        return new OperatorController.OperatorView(operator.username(), OperatorRole.wire(operator.roles()), operator.enabled(),
                operator.createdBy(), operator.createdAt(), null);
    }
}

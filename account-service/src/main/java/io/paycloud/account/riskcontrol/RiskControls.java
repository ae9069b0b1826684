package io.paycloud.account.riskcontrol;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.paycloud.account.approval.ApprovedAction;
import io.paycloud.account.approval.Approvals;
import io.paycloud.common.caller.Ops;
import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.identity.OperatorRole;

/**
 * The risk controls that wait for a second risk operator: risk-service stores the request here
 * ({@link InternalApprovalController}) and, once a checker approves, each of these asks risk-service to
 * carry it out, inside the transaction that marks the approval approved. When risk-service cannot be
 * reached or refuses (the rule is already gone), the transaction rolls back and the approval stays
 * pending: the checker sees why, and rejects it or approves again.
 */
@Configuration(proxyBeanMethods = false)
class RiskControls {

    /** Held by the maker (risk-service lets only them ask) and needed by the checker. */
    static final OperatorRole ROLE = OperatorRole.RISK;

    @Bean
    ApprovedAction riskRuleDelete(RiskServiceClient risk) {
        return new RiskControl(RiskControlAction.RULE_DELETE, risk);
    }

    @Bean
    ApprovedAction riskRuleDisable(RiskServiceClient risk) {
        return new RiskControl(RiskControlAction.RULE_DISABLE, risk);
    }

    @Bean
    ApprovedAction blocklistRemove(RiskServiceClient risk) {
        return new RiskControl(RiskControlAction.BLOCKLIST_REMOVE, risk);
    }

    /** One risk control: its result is what risk-service answered it did. */
    record RiskControl(RiskControlAction action, RiskServiceClient risk) implements ApprovedAction {

        @Override
        public String name() {
            return action.wire();
        }

        @Override
        public OperatorRole requiredRole() {
            return ROLE;
        }

        @Override
        public Object execute(Approvals.Approval approval, Ops checker) {
            return risk.execute(new RiskServiceClient.ApprovedActionRequest(approval.id(), action.wire(), approval.object(),
                    approval.body(), approval.maker(), checker.user()));
        }
    }
}

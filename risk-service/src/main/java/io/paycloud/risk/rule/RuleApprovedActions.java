package io.paycloud.risk.rule;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.error.ApiException;
import io.paycloud.risk.Deleted;
import io.paycloud.risk.approval.ApprovedActionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Deleting a rule and turning one off, once a second risk operator approved it. */
@Configuration(proxyBeanMethods = false)
class RuleApprovedActions {

    @Bean
    ApprovedActionHandler ruleDeletion(RuleService rules) {
        return ApprovedActionHandler.of(RiskControlAction.RULE_DELETE, (id, request) -> {
            rules.delete(id);
            return Deleted.of(id);
        });
    }

    /** The stored request is the maker's whole PUT body: it is validated again and applied as it was approved. */
    @Bean
    ApprovedActionHandler ruleDisabling(RuleService rules, JsonMapper json, Validator validator) {
        return ApprovedActionHandler.of(RiskControlAction.RULE_DISABLE,
                (id, request) -> rules.disable(id, ruleRequest(request, json, validator)));
    }

    private static RuleRequest ruleRequest(JsonNode request, JsonMapper json, Validator validator) {
        RuleRequest rule;
        try {
            rule = json.treeToValue(request, RuleRequest.class);
        } catch (JacksonException e) {
            throw ApiException.invalid("request", "The approved request is not a rule.");
        }
        Set<ConstraintViolation<RuleRequest>> violations = validator.validate(rule);
        if (!violations.isEmpty()) {
            throw ApiException.invalid("request." + violations.iterator().next().getPropertyPath(),
                    "The approved request is not a valid rule.");
        }
        return rule;
    }
}

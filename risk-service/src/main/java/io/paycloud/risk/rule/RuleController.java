package io.paycloud.risk.rule;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.risk.ListResponse;
import io.paycloud.risk.approval.ApprovalRequests;
import io.paycloud.risk.approval.Maker;

/**
 * Ops API for risk rules (API.md, Risk); the risk role is checked by the gateway and again here
 * (SecurityConfiguration). Weakening a control is four-eyes: deleting a rule, or a PUT that turns an
 * enabled rule off, changes nothing and answers 202 with the approval account-service stored; the
 * change is made when a second risk operator approves it ({@code approval.ApprovedActionController}).
 */
@RestController
@RequestMapping("/v1/risk/rules")
class RuleController {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final RuleService rules;
    private final ApprovalRequests approvals;

    RuleController(RuleService rules, ApprovalRequests approvals) {
        this.rules = rules;
        this.approvals = approvals;
    }

    @GetMapping
    ListResponse<RuleResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter) {
        return rules.list(limit, startingAfter);
    }

    @GetMapping("/{id}")
    RuleResponse get(@PathVariable String id) {
        return rules.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RuleResponse create(@Valid @RequestBody RuleRequest request) {
        return rules.create(request);
    }

    /** 200 with the rule when the replacement applies at once; 202 with the approval when it turns the rule off. */
    @PutMapping("/{id}")
    ResponseEntity<Object> replace(@PathVariable String id, @Valid @RequestBody RuleRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, HttpServletRequest http) {
        return rules.replace(id, request).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(
                        approvals.request(RiskControlAction.RULE_DISABLE, id, request, Maker.of(http), idempotencyKey)));
    }

    /** 202 with the approval: the rule stays (and judges payments) until a second risk operator approves. */
    @DeleteMapping("/{id}")
    ResponseEntity<Object> delete(@PathVariable String id,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, HttpServletRequest http) {
        rules.get(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(approvals.request(RiskControlAction.RULE_DELETE, id, Map.of(), Maker.of(http), idempotencyKey));
    }
}

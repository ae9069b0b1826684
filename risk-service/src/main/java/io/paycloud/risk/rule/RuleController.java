package io.paycloud.risk.rule;

import java.util.Map;

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
import io.paycloud.common.caller.Ops;
import io.paycloud.risk.ListResponse;
import io.paycloud.risk.approval.ApprovalEnvelope;
import io.paycloud.risk.approval.ApprovalRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Ops API for risk rules (API.md, Risk); the risk role is checked by the gateway and again here
 * (SecurityConfiguration). Weakening a control is four-eyes: deleting a rule, or a PUT that turns an
 * enabled rule off, changes nothing and answers 202 with the approval account-service stored; the
 * change is made when a second risk operator approves it ({@code approval.ApprovedActionController}).
 */
@Tag(name = "Risk rules", description = "The rules risk-service judges payments by (role `risk`). Turning a rule off or "
        + "deleting it waits for a second risk operator.")
@SecurityRequirement(name = "operatorToken")
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

    @Operation(summary = "List risk rules", operationId = "listRiskRules", description = "Role `risk`. Newest first.")
    @GetMapping
    ListResponse<RuleResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter) {
        return rules.list(limit, startingAfter);
    }

    @Operation(summary = "Retrieve a risk rule", operationId = "getRiskRule", description = "Role `risk`.")
    @GetMapping("/{id}")
    RuleResponse get(@PathVariable String id) {
        return rules.get(id);
    }

    @Operation(summary = "Create a risk rule", operationId = "createRiskRule", description = "Role `risk`. Applies at "
            + "once. `params` depend on `type` (API.md, Risk); an unknown field in them is refused.")
    @ApiResponse(responseCode = "201", description = "The rule.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RuleResponse create(@Valid @RequestBody RuleRequest request) {
        return rules.create(request);
    }

    /** 200 with the rule when the replacement applies at once; 202 with the approval when it turns the rule off. */
    @Operation(summary = "Replace a risk rule", operationId = "replaceRiskRule", description = "Role `risk`. The whole "
            + "rule is replaced at once, unless the replacement turns an enabled rule off: that waits for a second risk "
            + "operator, and the rule keeps judging payments meanwhile.")
    @ApiResponse(responseCode = "200", description = "The replaced rule.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleResponse.class)))
    @ApiResponse(responseCode = "202", description = "The replacement turns the rule off: the pending approval (the same "
            + "one for a request sent again with its `Idempotency-Key`).", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalEnvelope.class)))
    @PutMapping("/{id}")
    ResponseEntity<Object> replace(@PathVariable String id, @Valid @RequestBody RuleRequest request,
            @Parameter(description = "The same key sent again (by the same operator, for the same object) answers the approval "
                    + "it made. 1 to 255 characters.")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, Ops ops) {
        return rules.replace(id, request).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(
                        approvals.request(RiskControlAction.RULE_DISABLE, id, request, ops, idempotencyKey)));
    }

    /** 202 with the approval: the rule stays (and judges payments) until a second risk operator approves. */
    @Operation(summary = "Delete a risk rule", operationId = "deleteRiskRule", description = "Role `risk`. Four-eyes: "
            + "the rule stays, and judges payments, until a second risk operator approves.")
    @ApiResponse(responseCode = "202", description = "The pending approval (the same one for a request sent again with "
            + "its `Idempotency-Key`).", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalEnvelope.class)))
    @DeleteMapping("/{id}")
    ResponseEntity<Object> delete(@PathVariable String id,
            @Parameter(description = "The same key sent again (by the same operator, for the same object) answers the approval "
                    + "it made. 1 to 255 characters.")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, Ops ops) {
        rules.get(id);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(approvals.request(RiskControlAction.RULE_DELETE, id, Map.of(), ops, idempotencyKey));
    }
}

package io.paycloud.account.approval;

import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Operators: the four-eyes requests, and their decisions by a second operator. */
@Tag(name = "Approvals", description = "Four-eyes requests (large deposits and adjustments, role grants, weakened risk "
        + "controls): any operator sees them; another operator than the maker, holding the request's role, decides.")
@SecurityRequirement(name = "operatorToken")
@RestController
class ApprovalController {

    private final Approvals approvals;

    ApprovalController(Approvals approvals) {
        this.approvals = approvals;
    }

    @Operation(summary = "List approvals", operationId = "listApprovals", description = "Newest first.")
    @GetMapping("/v1/approvals")
    Page<ApprovalView> list(
            @Parameter(description = "Only approvals in this status.",
                    schema = @Schema(allowableValues = {"pending", "approved", "rejected", "expired"}))
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter, Ops ops) {
        Approvals.Status wanted = null;
        if (status != null) {
            try {
                wanted = Approvals.Status.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status is pending, approved, rejected or expired.");
            }
            if (!status.equals(status.toLowerCase(Locale.ROOT))) {
                throw ApiException.invalid("status", "status is pending, approved, rejected or expired.");
            }
        }
        Page<Approvals.Approval> page = approvals.list(wanted, ListParams.limit(limit), startingAfter);
        return new Page<>(page.data().stream().map(ApprovalView::of).toList(), page.hasMore());
    }

    @Operation(summary = "Retrieve an approval", operationId = "getApproval")
    @GetMapping("/v1/approvals/{id}")
    ApprovalEnvelope get(@PathVariable String id, Ops ops) {
        return ApprovalEnvelope.of(approvals.get(id));
    }

    @Operation(summary = "Approve a request", operationId = "approveApproval", description = "Carries the request out, "
            + "once, in the same transaction (a risk control: through risk-service).")
    @ApiResponse(responseCode = "200", description = "The approval, `approved`, with what the action did as `result`.")
    @ApiResponse(responseCode = "403", description = "`forbidden`: the maker's own request, or one needing a role the "
            + "checker does not hold; or the credential may not call this endpoint.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: the request is no longer pending, or risk-service "
            + "refused the action (it stays pending, to be rejected); `insufficient_funds`: the account cannot cover an "
            + "approved debit now.")
    @PostMapping("/v1/approvals/{id}/approve")
    ApprovalEnvelope approve(@PathVariable String id, Ops ops) {
        return ApprovalEnvelope.of(approvals.approve(id, ops));
    }

    @Operation(summary = "Reject a request", operationId = "rejectApproval", description = "Nothing is carried out.")
    @ApiResponse(responseCode = "200", description = "The approval, `rejected`.")
    @ApiResponse(responseCode = "403", description = "`forbidden`: the maker's own request, or one needing a role the "
            + "checker does not hold; or the credential may not call this endpoint.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: the request is no longer pending.")
    @PostMapping("/v1/approvals/{id}/reject")
    ApprovalEnvelope reject(@PathVariable String id, Ops ops) {
        return ApprovalEnvelope.of(approvals.reject(id, ops));
    }
}

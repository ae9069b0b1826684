package io.paycloud.account.approval;

import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.account.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;

/** Operators: the four-eyes requests, and their decisions by a second operator. */
@RestController
class ApprovalController {

    private final Approvals approvals;

    ApprovalController(Approvals approvals) {
        this.approvals = approvals;
    }

    @GetMapping("/v1/approvals")
    Page<ApprovalView> list(@RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
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

    @GetMapping("/v1/approvals/{id}")
    ApprovalEnvelope get(@PathVariable String id, Ops ops) {
        return ApprovalEnvelope.of(approvals.get(id));
    }

    @PostMapping("/v1/approvals/{id}/approve")
    ApprovalEnvelope approve(@PathVariable String id, Ops ops) {
        return ApprovalEnvelope.of(approvals.approve(id, ops));
    }

    @PostMapping("/v1/approvals/{id}/reject")
    ApprovalEnvelope reject(@PathVariable String id, Ops ops) {
        return ApprovalEnvelope.of(approvals.reject(id, ops));
    }
}

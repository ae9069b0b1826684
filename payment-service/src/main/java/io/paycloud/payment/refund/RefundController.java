package io.paycloud.payment.refund;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.payment.caller.CallerContext;
import io.paycloud.payment.support.ListParams;
import io.paycloud.payment.support.Page;

@RestController
class RefundController {

    private final RefundService refunds;
    private final CallerContext callers;

    RefundController(RefundService refunds, CallerContext callers) {
        this.refunds = refunds;
        this.callers = callers;
    }

    @PostMapping("/v1/refunds")
    ResponseEntity<RefundResponse> create(@Valid @RequestBody CreateRefundRequest body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(refunds.create(callers.require(request), body));
    }

    @GetMapping("/v1/refunds/{id}")
    RefundResponse get(@PathVariable String id, HttpServletRequest request) {
        return refunds.get(callers.require(request), id);
    }

    @GetMapping("/v1/refunds")
    Page<RefundResponse> list(@RequestParam(required = false) String payment,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String startingAfter,
            HttpServletRequest request) {
        return refunds.list(callers.require(request), payment, ListParams.of(limit, startingAfter, "re"));
    }
}

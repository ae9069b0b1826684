package io.paycloud.payment.refund;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.caller.Caller;
import io.paycloud.payment.idempotency.IdempotencyClaim;
import io.paycloud.payment.support.ListParams;
import io.paycloud.payment.support.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Refunds", description = "Money of a succeeded payment given back to the customer, with the fee reversed pro rata.")
@SecurityRequirement(name = "merchantKey")
@RestController
class RefundController {

    private final RefundService refunds;

    RefundController(RefundService refunds) {
        this.refunds = refunds;
    }

    @Operation(summary = "Refund a payment", operationId = "createRefund", description = "Refunds `amount` of a "
            + "succeeded payment, by default all that is left to refund.")
    @ApiResponse(responseCode = "201", description = "The refund, `succeeded` or `failed`.")
    @ApiResponse(responseCode = "400", description = "`parameter_invalid` with `param: amount`: more than is left to "
            + "refund; or another `parameter_missing`, `parameter_invalid`, `parameter_unknown` or `json_invalid`.")
    @ApiResponse(responseCode = "404", description = "`resource_missing` with `param: payment`: the merchant has no such payment.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: only a `succeeded` payment can be refunded.")
    @PostMapping("/v1/refunds")
    ResponseEntity<RefundResponse> create(@Valid @RequestBody CreateRefundRequest body,
            @Parameter(hidden = true) @RequestAttribute(name = IdempotencyClaim.ATTRIBUTE, required = false)
            IdempotencyClaim claim, Caller caller) {
        return ResponseEntity.status(HttpStatus.CREATED).body(refunds.create(caller, body, claim));
    }

    @Operation(summary = "Retrieve a refund", operationId = "getRefund")
    @GetMapping("/v1/refunds/{id}")
    RefundResponse get(@PathVariable String id, Caller caller) {
        return refunds.get(caller, id);
    }

    @Operation(summary = "List refunds", operationId = "listRefunds", description = "The merchant's refunds, newest first.")
    @GetMapping("/v1/refunds")
    Page<RefundResponse> list(
            @Parameter(description = "Only the refunds of this payment (`pay_…`).") @RequestParam(required = false) String payment,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String startingAfter,
            Caller caller) {
        return refunds.list(caller, payment, ListParams.of(limit, startingAfter, "re"));
    }
}

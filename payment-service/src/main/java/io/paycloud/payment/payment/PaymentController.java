package io.paycloud.payment.payment;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.caller.Caller;
import io.paycloud.common.caller.Ops;
import io.paycloud.payment.idempotency.IdempotencyClaim;
import io.paycloud.payment.support.ListParams;
import io.paycloud.payment.support.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Payments", description = "Payments from a customer's wallet to the merchant: created, confirmed (risk, then "
        + "a hold), captured, canceled; an operator decides those held for review.")
@SecurityRequirement(name = "merchantKey")
@RestController
class PaymentController {

    private final PaymentService payments;

    PaymentController(PaymentService payments) {
        this.payments = payments;
    }

    @Operation(summary = "Create a payment", operationId = "createPayment", description = "Creates a payment in "
            + "`requires_confirmation`; with `confirm: true` it is confirmed at once and answers its outcome.")
    @ApiResponse(responseCode = "201", description = "The payment: `requires_confirmation`, or with `confirm: true` its "
            + "outcome (a decline is a 201 with `status: failed`).")
    @ApiResponse(responseCode = "404", description = "`resource_missing` with `param: customer`: the merchant has no such customer.")
    @PostMapping("/v1/payments")
    ResponseEntity<PaymentResponse> create(@Valid @RequestBody CreatePaymentRequest body,
            @Parameter(description = "The paying client's IP address, for the risk rules (at most 64 characters are kept).")
            @RequestHeader(name = "X-Client-Ip", required = false) String clientIp,
            @Parameter(description = "The paying client's device id, for the risk rules (at most 200 characters are kept).")
            @RequestHeader(name = "X-Device-Id", required = false) String deviceId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Parameter(hidden = true) @RequestAttribute(name = IdempotencyClaim.ATTRIBUTE, required = false)
            IdempotencyClaim claim, Caller caller) {
        PaymentResponse created = payments.create(caller, body, trim(clientIp, 64), trim(deviceId, 200),
                idempotencyKey, claim);
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @Operation(summary = "Confirm a payment", operationId = "confirmPayment", description = "Asks risk, then places the "
            + "hold (and captures it when `captureMethod` is `automatic`). A payment already being confirmed answers as it is.")
    @ApiResponse(responseCode = "200", description = "The payment in its outcome status; a decline is a 200 with `status: "
            + "failed` and its `failureCode`.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: the payment is not in `requires_confirmation`.")
    @PostMapping("/v1/payments/{id}/confirm")
    PaymentResponse confirm(@PathVariable String id, @Parameter(hidden = true) @RequestAttribute(
            name = IdempotencyClaim.ATTRIBUTE, required = false) IdempotencyClaim claim, Caller caller) {
        return payments.confirm(caller, id, claim);
    }

    @Operation(summary = "Capture a payment", operationId = "capturePayment", description = "Captures the hold, or "
            + "`amountToCapture` of it.")
    @ApiResponse(responseCode = "200", description = "The payment, `succeeded`.")
    @ApiResponse(responseCode = "400", description = "`parameter_invalid` with `param: amountToCapture`: more than "
            + "`amountCapturable`; or another `parameter_invalid`, `parameter_unknown` or `json_invalid`.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: the payment is not in `requires_capture`.")
    @PostMapping("/v1/payments/{id}/capture")
    PaymentResponse capture(@PathVariable String id, @Valid @RequestBody(required = false) CapturePaymentRequest body,
            @Parameter(hidden = true) @RequestAttribute(name = IdempotencyClaim.ATTRIBUTE, required = false)
            IdempotencyClaim claim, Caller caller) {
        return payments.capture(caller, id, body, claim);
    }

    @Operation(summary = "Cancel a payment", operationId = "cancelPayment", description = "Cancels a payment in "
            + "`requires_confirmation`, `requires_review` or `requires_capture`; a hold is released.")
    @ApiResponse(responseCode = "200", description = "The payment, `canceled`.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: the payment cannot be canceled in its status.")
    @PostMapping("/v1/payments/{id}/cancel")
    PaymentResponse cancel(@PathVariable String id, @Parameter(hidden = true) @RequestAttribute(
            name = IdempotencyClaim.ATTRIBUTE, required = false) IdempotencyClaim claim, Caller caller) {
        return payments.cancel(caller, id, claim);
    }

    /** Ops only (the gateway admits the ops role alone to this path). */
    @Operation(summary = "Decide a payment held for review", operationId = "reviewPayment", description = "Operators "
            + "with the `risk` role approve (the payment goes on to its hold) or decline a payment in `requires_review`.",
            security = @SecurityRequirement(name = "operatorToken"))
    @ApiResponse(responseCode = "200", description = "The payment in its outcome status.")
    @ApiResponse(responseCode = "409", description = "`state_invalid`: the payment is not in `requires_review`.")
    @PostMapping("/v1/payments/{id}/review")
    PaymentResponse review(@PathVariable String id, @Valid @RequestBody ReviewRequest body, Ops ops) {
        return payments.review(id, body);
    }

    @Operation(summary = "Retrieve a payment", operationId = "getPayment")
    @GetMapping("/v1/payments/{id}")
    PaymentResponse get(@PathVariable String id, Caller caller) {
        return payments.get(caller, id);
    }

    @Operation(summary = "List payments", operationId = "listPayments", description = "The merchant's payments, newest first.")
    @GetMapping("/v1/payments")
    Page<PaymentResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter,
            @Parameter(description = "Only payments in this status.", schema = @Schema(
                    allowableValues = {"requires_confirmation", "processing", "requires_review", "requires_capture",
                            "succeeded", "failed", "canceled"}))
            @RequestParam(required = false) String status,
            @Parameter(description = "Only payments from this customer (`cus_…`).") @RequestParam(required = false) String customer,
            Caller caller) {
        return payments.list(caller, ListParams.of(limit, startingAfter, "pay"), status, customer);
    }

    private static String trim(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}

package io.paycloud.payment.payment;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.payment.caller.CallerContext;
import io.paycloud.payment.support.ListParams;
import io.paycloud.payment.support.Page;

@RestController
class PaymentController {

    private final PaymentService payments;
    private final CallerContext callers;

    PaymentController(PaymentService payments, CallerContext callers) {
        this.payments = payments;
        this.callers = callers;
    }

    @PostMapping("/v1/payments")
    ResponseEntity<PaymentResponse> create(@Valid @RequestBody CreatePaymentRequest body,
            @RequestHeader(name = "X-Client-Ip", required = false) String clientIp,
            @RequestHeader(name = "X-Device-Id", required = false) String deviceId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, HttpServletRequest request) {
        PaymentResponse created = payments.create(callers.require(request), body, trim(clientIp, 64), trim(deviceId, 200),
                idempotencyKey);
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PostMapping("/v1/payments/{id}/confirm")
    PaymentResponse confirm(@PathVariable String id, HttpServletRequest request) {
        return payments.confirm(callers.require(request), id);
    }

    @PostMapping("/v1/payments/{id}/capture")
    PaymentResponse capture(@PathVariable String id, @Valid @RequestBody(required = false) CapturePaymentRequest body,
            HttpServletRequest request) {
        return payments.capture(callers.require(request), id, body);
    }

    @PostMapping("/v1/payments/{id}/cancel")
    PaymentResponse cancel(@PathVariable String id, HttpServletRequest request) {
        return payments.cancel(callers.require(request), id);
    }

    /** Ops only (the gateway admits the ops role alone to this path). */
    @PostMapping("/v1/payments/{id}/review")
    PaymentResponse review(@PathVariable String id, @Valid @RequestBody ReviewRequest body, HttpServletRequest request) {
        callers.requireOps(request);
        return payments.review(id, body);
    }

    @GetMapping("/v1/payments/{id}")
    PaymentResponse get(@PathVariable String id, HttpServletRequest request) {
        return payments.get(callers.require(request), id);
    }

    @GetMapping("/v1/payments")
    Page<PaymentResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter, @RequestParam(required = false) String status,
            @RequestParam(required = false) String customer, HttpServletRequest request) {
        return payments.list(callers.require(request), ListParams.of(limit, startingAfter, "pay"), status, customer);
    }

    private static String trim(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}

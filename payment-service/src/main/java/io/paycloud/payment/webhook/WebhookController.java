package io.paycloud.payment.webhook;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.error.ApiException;
import io.paycloud.payment.caller.CallerContext;
import io.paycloud.payment.support.Page;

@RestController
class WebhookController {

    private final WebhookService webhooks;
    private final CallerContext callers;

    WebhookController(WebhookService webhooks, CallerContext callers) {
        this.webhooks = webhooks;
        this.callers = callers;
    }

    @PostMapping("/v1/webhook-endpoints")
    ResponseEntity<WebhookService.EndpointResponse> create(@RequestBody WebhookService.CreateEndpointRequest body,
            HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(webhooks.create(callers.require(request), body));
    }

    @GetMapping("/v1/webhook-endpoints")
    Page<WebhookService.EndpointResponse> list(HttpServletRequest request) {
        List<WebhookService.EndpointResponse> all = webhooks.list(callers.require(request));
        return new Page<>(all, false);
    }

    @DeleteMapping("/v1/webhook-endpoints/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        webhooks.delete(callers.require(request), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/webhook-endpoints/{id}/deliveries")
    Page<WebhookService.DeliveryAttempt> deliveries(@PathVariable String id,
            @RequestParam(required = false) Integer limit, HttpServletRequest request) {
        int l = limit == null ? 50 : limit;
        if (l < 1 || l > 100) {
            throw ApiException.invalid("limit", "limit must be between 1 and 100.");
        }
        return new Page<>(webhooks.deliveries(callers.require(request), id, l), false);
    }

    @PostMapping("/v1/webhook-endpoints/{id}/deliveries/{eventId}/retry")
    ResponseEntity<Void> retry(@PathVariable String id, @PathVariable String eventId, HttpServletRequest request) {
        webhooks.retry(callers.require(request), id, eventId);
        return ResponseEntity.accepted().build();
    }
}

package io.paycloud.payment.webhook;

import java.util.List;


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
import io.paycloud.common.caller.Caller;
import io.paycloud.payment.support.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Webhook endpoints", description = "URLs the merchant's events are delivered to, signed as Standard Webhooks, "
        + "retried with exponential backoff for up to 3 days.")
@SecurityRequirement(name = "merchantKey")
@RestController
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Operation(summary = "Create a webhook endpoint", operationId = "createWebhookEndpoint", description = "Private, "
            + "loopback and link-local hosts are refused outside the embedded and test profiles.")
    @ApiResponse(responseCode = "201", description = "The endpoint, with its signing `secret` (`whsec_…`), shown only here.")
    @PostMapping("/v1/webhook-endpoints")
    ResponseEntity<WebhookService.EndpointResponse> create(@RequestBody WebhookService.CreateEndpointRequest body,
            Caller caller) {
        return ResponseEntity.status(HttpStatus.CREATED).body(webhooks.create(caller, body));
    }

    @Operation(summary = "List webhook endpoints", operationId = "listWebhookEndpoints", description = "All of the "
            + "merchant's endpoints, in one page; `secret` is null.")
    @GetMapping("/v1/webhook-endpoints")
    Page<WebhookService.EndpointResponse> list(Caller caller) {
        List<WebhookService.EndpointResponse> all = webhooks.list(caller);
        return new Page<>(all, false);
    }

    @Operation(summary = "Delete a webhook endpoint", operationId = "deleteWebhookEndpoint")
    @ApiResponse(responseCode = "204", description = "Deleted: nothing more is delivered to it.")
    @DeleteMapping("/v1/webhook-endpoints/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, Caller caller) {
        webhooks.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "List an endpoint's delivery attempts", operationId = "listWebhookDeliveries",
            description = "The latest attempts to deliver events to the endpoint, newest first.")
    @GetMapping("/v1/webhook-endpoints/{id}/deliveries")
    Page<WebhookService.DeliveryAttempt> deliveries(@PathVariable String id,
            @Parameter(description = "How many attempts to return, 1 to 100 (default 50).")
            @RequestParam(required = false) Integer limit, Caller caller) {
        int l = limit == null ? 50 : limit;
        if (l < 1 || l > 100) {
            throw ApiException.invalid("limit", "limit must be between 1 and 100.");
        }
        return new Page<>(webhooks.deliveries(caller, id, l), false);
    }

    @Operation(summary = "Deliver an event again", operationId = "retryWebhookDelivery", description = "Sends the "
            + "event to the endpoint again now, whatever became of earlier attempts.")
    @ApiResponse(responseCode = "202", description = "The delivery is queued.")
    @ApiResponse(responseCode = "404", description = "`resource_missing`: no such endpoint or event of the merchant.")
    @PostMapping("/v1/webhook-endpoints/{id}/deliveries/{eventId}/retry")
    ResponseEntity<Void> retry(@PathVariable String id, @PathVariable String eventId, Caller caller) {
        webhooks.retry(caller, id, eventId);
        return ResponseEntity.accepted().build();
    }
}

package io.paycloud.payment.webhook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.common.caller.Caller;
import io.paycloud.payment.event.EventStore;

/** Merchants' webhook endpoints, their delivery log and manual retries. */
@Service
class WebhookService {

    static final Set<String> EVENT_TYPES = Set.of("payment.created", "payment.requires_review",
            "payment.requires_capture", "payment.succeeded", "payment.failed", "payment.canceled", "refund.succeeded",
            "refund.failed", "*");

    private final WebhookRepository repository;
    private final UrlGuard guard;
    private final EventStore events;
    private final WebhookSecrets secrets;

    WebhookService(WebhookRepository repository, UrlGuard guard, EventStore events, WebhookSecrets secrets) {
        this.repository = repository;
        this.guard = guard;
        this.events = events;
        this.secrets = secrets;
    }

    record CreateEndpointRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2048, example = "https://example.com/paycloud/webhooks")
            String url,
            @ArraySchema(minItems = 1, schema = @Schema(example = "payment.succeeded"),
                    arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "The event types to deliver, or `*` for all of them.")) List<String> enabledEvents) {
    }

    /** The endpoint as the API shows it; {@code secret} is set only in the answer to its creation. */
    record EndpointResponse(@Schema(example = "we_01JD8Y9B3N6D4Y5H0P6R8S4W1V") String id, String url,
            List<String> enabledEvents,
            @Schema(nullable = true, description = "The signing secret (`whsec_…`): in the answer to the creation only, "
                    + "else null.") String secret,
            @Schema(format = "date-time") String createdAt) {
    }

    record DeliveryAttempt(String eventId, int attempt, @Schema(allowableValues = {"succeeded", "failed"}) String status,
            @Schema(nullable = true, description = "The endpoint's HTTP status, when it answered.") Integer httpStatus,
            long durationMs,
            @Schema(nullable = true, format = "date-time", description = "When the next attempt is due, if one is.")
            String nextAttemptAt) {
    }

    EndpointResponse create(Caller caller, CreateEndpointRequest request) {
        if (request.url() == null || request.url().isBlank()) {
            throw ApiException.missing("url");
        }
        if (request.url().length() > 2048) {
            throw ApiException.invalid("url", "url may be at most 2048 characters.");
        }
        String refusal = guard.refusal(request.url());
        if (refusal != null) {
            throw ApiException.invalid("url", refusal);
        }
        if (request.enabledEvents() == null || request.enabledEvents().isEmpty()) {
            throw ApiException.missing("enabledEvents");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : request.enabledEvents()) {
            if (t == null || !EVENT_TYPES.contains(t)) {
                throw ApiException.invalid("enabledEvents", "Unknown event type: " + t + ".");
            }
            types.add(t);
        }
        String id = Ids.newId("we");
        String secret = WebhookSigner.newSecret();
        WebhookRepository.Endpoint e = new WebhookRepository.Endpoint(id, caller.merchantId(), request.url(), List.copyOf(types),
                secrets.seal(id, secret), Times.now());
        repository.insert(e);
        return new EndpointResponse(e.id(), e.url(), e.enabledEvents(), secret, e.createdAt().toString());
    }

    List<EndpointResponse> list(Caller caller) {
        return repository.endpoints(caller.merchantId()).stream()
                .map(e -> new EndpointResponse(e.id(), e.url(), e.enabledEvents(), null, e.createdAt().toString()))
                .toList();
    }

    void delete(Caller caller, String id) {
        own(caller, id);
        repository.delete(id);
    }

    List<DeliveryAttempt> deliveries(Caller caller, String id, int limit) {
        own(caller, id);
        return repository.attempts(id, limit).stream()
                .map(a -> new DeliveryAttempt(a.eventId(), a.attempt(), a.status(), a.httpStatus(), a.durationMs(),
                        a.nextAttemptAt() == null ? null : a.nextAttemptAt().toString()))
                .toList();
    }

    /** Sends the event to the endpoint again now, whatever became of earlier attempts. */
    void retry(Caller caller, String endpointId, String eventId) {
        WebhookRepository.Endpoint endpoint = own(caller, endpointId);
        EventStore.FeedEvent event = events.byId(eventId).filter(ev -> ev.merchantId().equals(caller.merchantId()))
                .orElseThrow(() -> ApiException.notFound("event", eventId));
        repository.delivery(endpointId, eventId).ifPresentOrElse(
                d -> repository.resend(d.id(), Times.now()),
                () -> repository.insertDelivery(new WebhookRepository.Delivery(Ids.newId("whd"), endpoint.id(), event.id(),
                        event.sequence(), "pending", 0, Times.now()), Times.now()));
    }

    private WebhookRepository.Endpoint own(Caller caller, String id) {
        return repository.endpoint(id).filter(e -> e.merchantId().equals(caller.merchantId()))
                .orElseThrow(() -> ApiException.notFound("webhook endpoint", id));
    }
}

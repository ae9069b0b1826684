package io.paycloud.payment.event;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** The event object of the API: {@code data.object} is the object as it was after the change. */
public record EventResponse(@Schema(example = "evt_01JD8Y5H2K8C3X4G9M5Q7R3V0T") String id,
        @Schema(example = "payment.succeeded", description = "`payment.created`, `payment.requires_review`, "
                + "`payment.requires_capture`, `payment.succeeded`, `payment.failed`, `payment.canceled`, "
                + "`refund.succeeded` or `refund.failed`.") String type,
        @Schema(description = "The event's place among all of the merchant's events; `after` takes it.") long sequence,
        @Schema(description = "The object's version: 1 for its first event, then up by one with each.") int objectSequence,
        @Schema(format = "date-time") String createdAt, Data data) {

    @Schema(name = "EventData")
    public record Data(@Schema(description = "The payment or refund as it was after the change.") JsonNode object) {
    }
}

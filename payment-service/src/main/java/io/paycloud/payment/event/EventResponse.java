package io.paycloud.payment.event;

import tools.jackson.databind.JsonNode;

/** The event object of the API: {@code data.object} is the object as it was after the change. */
public record EventResponse(String id, String type, long sequence, int objectSequence, String createdAt, Data data) {

    public record Data(JsonNode object) {
    }
}

package io.paycloud.analytics.feed;

import tools.jackson.databind.JsonNode;

/** analytics-service's copy of an event of payment-service's internal feed ({@code data} is the object). */
record FeedEvent(long sequence, String id, String merchantId, String type, String objectId, int objectSequence,
        String createdAt, JsonNode data) {
}

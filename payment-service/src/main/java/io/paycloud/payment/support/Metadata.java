package io.paycloud.payment.support;

import java.util.Map;

import io.paycloud.common.error.ApiException;

/** The API's {@code metadata} limits: at most 50 keys, key ≤ 40 characters, value ≤ 500. */
public final class Metadata {

    private Metadata() {
    }

    public static Map<String, String> validate(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > 50) {
            throw ApiException.invalid("metadata", "metadata can have at most 50 keys.");
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().length() > 40) {
                throw ApiException.invalid("metadata", "metadata keys must be 1 to 40 characters.");
            }
            if (e.getValue() == null || e.getValue().length() > 500) {
                throw ApiException.invalid("metadata[" + e.getKey() + "]", "metadata values must be strings of at most 500 characters.");
            }
        }
        return metadata;
    }
}

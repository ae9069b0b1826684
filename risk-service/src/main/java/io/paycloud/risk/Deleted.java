package io.paycloud.risk;

/** Answer to a DELETE, as Stripe answers it: {@code {"id": ..., "deleted": true}}. */
public record Deleted(String id, boolean deleted) {

    public static Deleted of(String id) {
        return new Deleted(id, true);
    }
}

package io.paycloud.payment.support;

import io.paycloud.common.error.ApiException;

/** {@code ?limit=} (1–100, default 10) and {@code ?startingAfter=<id>}. */
public record ListParams(int limit, String startingAfter) {

    public static ListParams of(Integer limit, String startingAfter, String idPrefix) {
        int l = limit == null ? 10 : limit;
        if (l < 1 || l > 100) {
            throw ApiException.invalid("limit", "limit must be between 1 and 100.");
        }
        if (startingAfter != null && !io.paycloud.common.id.Ids.isValid(startingAfter, idPrefix)) {
            throw ApiException.invalid("startingAfter", "startingAfter must be an id of this list.");
        }
        return new ListParams(l, startingAfter);
    }
}

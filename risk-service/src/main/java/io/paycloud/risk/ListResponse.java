package io.paycloud.risk;

import java.util.List;

import io.paycloud.common.error.ApiException;

/** The list shape of API.md: newest first, {@code {"data": [...], "hasMore": bool}}. */
public record ListResponse<T>(List<T> data, boolean hasMore) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    /** Checks {@code ?limit=} (1–100, default 10). */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return limit;
    }

    /** Builds a page from up to {@code limit + 1} rows read newest first. */
    public static <T> ListResponse<T> of(List<T> rows, int limit) {
        boolean more = rows.size() > limit;
        return new ListResponse<>(more ? List.copyOf(rows.subList(0, limit)) : List.copyOf(rows), more);
    }
}

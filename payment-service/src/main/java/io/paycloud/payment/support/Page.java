package io.paycloud.payment.support;

import java.util.List;

/** The list shape of the API: newest first, {@code hasMore} when another page follows. */
public record Page<T>(List<T> data, boolean hasMore) {

    /** Builds a page from {@code limit + 1} fetched rows. */
    public static <T> Page<T> of(List<T> fetched, int limit) {
        boolean more = fetched.size() > limit;
        return new Page<>(more ? List.copyOf(fetched.subList(0, limit)) : List.copyOf(fetched), more);
    }
}

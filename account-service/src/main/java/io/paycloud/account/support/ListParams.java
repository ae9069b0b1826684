package io.paycloud.account.support;

import io.paycloud.common.error.ApiException;

/** Checks the list parameters of API.md: {@code limit} 1–100 (default 10). */
public final class ListParams {

    private ListParams() {
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return 10;
        }
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid("limit", "limit is from 1 to 100.");
        }
        return limit;
    }
}

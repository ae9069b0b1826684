package io.paycloud.common.caller;

/**
 * The merchant on whose behalf a merchant-API request runs; every read and write is scoped to it.
 * A controller method taking this parameter answers merchants only ({@link CallerArgumentResolver}).
 */
public record Caller(String merchantId) {

    /** Whether an object owned by {@code merchantId} is the caller's own. */
    public boolean owns(String merchantId) {
        return this.merchantId.equals(merchantId);
    }
}

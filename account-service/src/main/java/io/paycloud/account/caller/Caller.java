package io.paycloud.account.caller;

/** The merchant on whose behalf a merchant-API request runs; every read and write is scoped to it. */
public record Caller(String merchantId) {

    /** Whether an object owned by {@code merchantId} is the caller's own. */
    public boolean owns(String merchantId) {
        return this.merchantId.equals(merchantId);
    }
}

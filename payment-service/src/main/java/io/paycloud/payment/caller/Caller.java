package io.paycloud.payment.caller;

/** The merchant on whose behalf a request runs; every object read or written is scoped to it. */
public record Caller(String merchantId) {
}

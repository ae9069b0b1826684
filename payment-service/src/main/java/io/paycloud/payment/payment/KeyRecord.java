package io.paycloud.payment.payment;

/**
 * What a keyed creation writes in its payment's own transactions: its {@code Idempotency-Key} in flight
 * with the first write and its answer with the last (both at once when the payment is written once), so
 * a keyed payment costs no commit of its own for the key.
 */
@FunctionalInterface
interface KeyRecord {

    /** A request without a key, or an operation whose key the idempotency filter records itself. */
    KeyRecord NONE = (saved, last) -> {
    };

    /** Called inside the transaction that saves {@code saved}; {@code last}: no write of this request follows. */
    void write(Payment saved, boolean last);
}

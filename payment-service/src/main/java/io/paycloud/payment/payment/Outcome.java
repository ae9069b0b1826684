package io.paycloud.payment.payment;

/**
 * How a step of an {@link Operation} ended, as the {@link Lifecycle} table reads it.
 * <ul>
 * <li>{@code SUCCESS}: it did what was asked (risk approved; the ledger recorded the transfers);</li>
 * <li>{@code FAILURE}: it was refused for good (risk declined; insufficient funds; an expired hold);</li>
 * <li>{@code UNKNOWN}: nobody can tell yet (a timeout, a 5xx, risk unable to judge): the payment
 * waits for whoever can find out, the janitor for the ledger or ops for risk;</li>
 * <li>{@code ABORTED}: the step surely did nothing (the service could not be reached): the payment
 * goes back to the status its operation began in and the caller is told 503.</li>
 * </ul>
 */
enum Outcome {
    SUCCESS,
    FAILURE,
    UNKNOWN,
    ABORTED
}

package io.paycloud.payment.support;

/**
 * A call whose effect is unknown: it timed out or the other side failed after it may have acted.
 * The payment stays where it is and the janitor settles it from the ledger's deterministic ids.
 */
public class OutcomeUnknownException extends RuntimeException {

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}

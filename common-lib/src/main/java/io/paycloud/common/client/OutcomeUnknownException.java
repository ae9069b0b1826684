package io.paycloud.common.client;

/**
 * A call whose effect is unknown: it timed out, or the other side failed after it may have acted. The
 * caller keeps what it started where it is and settles it later from deterministic ids.
 */
public class OutcomeUnknownException extends RuntimeException {

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}

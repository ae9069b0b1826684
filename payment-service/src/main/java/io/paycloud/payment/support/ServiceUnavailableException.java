package io.paycloud.payment.support;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/** A dependency could not be reached and nothing was done; the caller may retry with the same key. */
public class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String service) {
        super(ErrorCode.SERVICE_UNAVAILABLE, null,
                "The " + service + " is unavailable right now; nothing was done. Retry with the same Idempotency-Key.");
    }
}

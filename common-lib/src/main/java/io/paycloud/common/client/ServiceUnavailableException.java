package io.paycloud.common.client;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/**
 * Another service could not be reached and surely did nothing (breaker open, connection refused, no
 * instance registered, or it answered 503 itself): a 503 {@code service_unavailable}, and the caller may
 * retry the same request.
 */
public class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String service, String why) {
        super(ErrorCode.SERVICE_UNAVAILABLE, null, "The " + service + " is unavailable right now (" + why
                + "); nothing was done. Retry later, with the same Idempotency-Key for a POST.");
    }
}

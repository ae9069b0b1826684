package io.paycloud.analytics.support;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/** Another service could not be reached (breaker open, refused, timed out, no instance, 5xx). */
public class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String service, String why) {
        super(ErrorCode.SERVICE_UNAVAILABLE, null, "The " + service + " is unavailable right now (" + why + ").");
    }
}

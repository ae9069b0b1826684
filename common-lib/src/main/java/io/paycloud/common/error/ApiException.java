package io.paycloud.common.error;

import org.springframework.http.HttpStatusCode;

/**
 * A failure the caller should see as an RFC 9457 problem: an HTTP status, a machine-readable
 * {@code code}, the offending {@code param} when there is one, and a sentence for people.
 * Domain exceptions extend it or are created through its factories; controllers never catch it.
 */
public class ApiException extends RuntimeException {

    private final HttpStatusCode status;
    private final String code;
    private final String param;

    public ApiException(HttpStatusCode status, String code, String param, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public ApiException(ErrorCode code, String param, String detail) {
        this(code.status(), code.code(), param, detail);
    }

    public static ApiException invalid(String param, String detail) {
        return new ApiException(ErrorCode.PARAMETER_INVALID, param, detail);
    }

    /** A field the endpoint does not take (API.md: named in {@code param}, never silently ignored). */
    public static ApiException unknown(String param) {
        return new ApiException(ErrorCode.PARAMETER_UNKNOWN, param, "Received unknown parameter: " + param + ".");
    }

    public static ApiException missing(String param) {
        return new ApiException(ErrorCode.PARAMETER_MISSING, param, "Missing required parameter: " + param + ".");
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorCode.RESOURCE_MISSING, "id", "No such " + what + ": '" + id + "'.");
    }

    public static ApiException stateInvalid(String detail) {
        return new ApiException(ErrorCode.STATE_INVALID, null, detail);
    }

    public HttpStatusCode status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}

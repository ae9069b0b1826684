package io.paycloud.common.error;

import org.springframework.http.HttpStatus;

/**
 * The machine-readable error codes of the merchant API, each with the HTTP status it answers.
 * Services may use their own codes too (an {@link ApiException} takes any string); these are the
 * ones the contract fixes.
 */
public enum ErrorCode {
    PARAMETER_INVALID("parameter_invalid", HttpStatus.BAD_REQUEST, "Invalid parameter"),
    PARAMETER_MISSING("parameter_missing", HttpStatus.BAD_REQUEST, "Missing parameter"),
    PARAMETER_UNKNOWN("parameter_unknown", HttpStatus.BAD_REQUEST, "Unknown parameter"),
    JSON_INVALID("json_invalid", HttpStatus.BAD_REQUEST, "Malformed JSON"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Unauthenticated"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    RESOURCE_MISSING("resource_missing", HttpStatus.NOT_FOUND, "No such resource"),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    IDEMPOTENCY_KEY_IN_USE("idempotency_key_in_use", HttpStatus.CONFLICT, "Idempotency key in use"),
    STATE_INVALID("state_invalid", HttpStatus.CONFLICT, "Invalid state"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    BODY_TOO_LARGE("body_too_large", HttpStatus.CONTENT_TOO_LARGE, "Body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    SERVICE_UNAVAILABLE("service_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

    private final String code;
    private final HttpStatus status;
    private final String title;

    ErrorCode(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}

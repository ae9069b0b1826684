package io.paycloud.common.error;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.paycloud.common.web.RequestIds;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into an RFC 9457 problem. Bad input is always a 4xx naming the parameter;
 * anything unexpected is a 500 with no internals in it (the details go to the log only).
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return respond(e.status(), e.code(), e.param(), e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        JacksonException jackson = find(e, JacksonException.class);
        if (jackson == null || jackson instanceof StreamReadException) {
            if (jackson == null && e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
                return respond(ErrorCode.JSON_INVALID, null, "A JSON request body is required.", request);
            }
            return respond(ErrorCode.JSON_INVALID, null, "The request body is not valid JSON.", request);
        }
        String param = path(jackson.getPath());
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return respond(ErrorCode.PARAMETER_UNKNOWN, param,
                    "Received unknown parameter: " + unknown.getPropertyName() + ".", request);
        }
        if (param == null) {
            return respond(ErrorCode.JSON_INVALID, null, "The request body has the wrong shape.", request);
        }
        if (jackson instanceof InvalidFormatException format && JsonKind.of(format.getValue()) == JsonKind.of(format.getTargetType())) {
            // the right JSON type with a value the field does not take: 10.5 for an amount, "CNYX" for an enum
            return respond(ErrorCode.PARAMETER_INVALID, param, "Invalid value for " + param + ".", request);
        }
        // a JSON type that is not the field's (false for a name, "10" for an amount): never coerced
        return respond(ErrorCode.JSON_INVALID, param, "The value of " + param + " has the wrong JSON type.", request);
    }

    /** The JSON type a Java value came from, or a Java type is read from. */
    private enum JsonKind {
        NUMBER, BOOLEAN, STRING, OTHER;

        static JsonKind of(Object value) {
            if (value instanceof Number) {
                return NUMBER;
            }
            if (value instanceof Boolean) {
                return BOOLEAN;
            }
            return value instanceof CharSequence ? STRING : OTHER;
        }

        static JsonKind of(Class<?> type) {
            if (type == null) {
                return OTHER;
            }
            if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class)) {
                return NUMBER;
            }
            if (type == Boolean.class || type == boolean.class) {
                return BOOLEAN;
            }
            // strings, enums, dates, currencies, ids: all read from a JSON string
            return type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
                    ? OTHER : STRING;
        }
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        FieldError field = e.getBindingResult().getFieldErrors().stream().findFirst().orElse(null);
        if (field == null) {
            return respond(ErrorCode.PARAMETER_INVALID, null, "The request is invalid.", request);
        }
        ErrorCode code = field.getRejectedValue() == null ? ErrorCode.PARAMETER_MISSING : ErrorCode.PARAMETER_INVALID;
        String detail = code == ErrorCode.PARAMETER_MISSING
                ? "Missing required parameter: " + field.getField() + "."
                : "Invalid " + field.getField() + ": " + field.getDefaultMessage() + ".";
        return respond(code, field.getField(), detail, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidArguments(HandlerMethodValidationException e, HttpServletRequest request) {
        String param = e.getParameterValidationResults().stream().findFirst()
                .map(r -> r.getMethodParameter().getParameterName()).orElse(null);
        return respond(ErrorCode.PARAMETER_INVALID, param, "Invalid value for " + param + ".", request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e, HttpServletRequest request) {
        String param = e.getConstraintViolations().stream().findFirst()
                .map(v -> {
                    String p = v.getPropertyPath().toString();
                    return p.substring(p.lastIndexOf('.') + 1);
                }).orElse(null);
        return respond(ErrorCode.PARAMETER_INVALID, param, "Invalid value for " + param + ".", request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(ErrorCode.PARAMETER_INVALID, e.getName(), "Invalid value for " + e.getName() + ".", request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(ErrorCode.PARAMETER_MISSING, e.getParameterName(),
                "Missing required parameter: " + e.getParameterName() + ".", request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return respond(ErrorCode.PARAMETER_MISSING, e.getHeaderName(),
                "Missing required header: " + e.getHeaderName() + ".", request);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ProblemDetail> noRoute(Exception e, HttpServletRequest request) {
        return respond(ErrorCode.RESOURCE_MISSING, null, "Unrecognized request URL.", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> problem = respond(ErrorCode.METHOD_NOT_ALLOWED, null,
                "Method " + e.getMethod() + " is not allowed here.", request);
        if (e.getSupportedHttpMethods() == null || e.getSupportedHttpMethods().isEmpty()) {
            return problem;
        }
        // RFC 9110 15.5.6: a 405 names the methods the resource does take
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .allow(e.getSupportedHttpMethods().toArray(HttpMethod[]::new)).body(problem.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, null, "Send the body as application/json.", request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return respond(ErrorCode.NOT_ACCEPTABLE, null, "The requested media type cannot be produced.", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ErrorCode.INTERNAL_ERROR, null, "An internal error occurred.", request);
    }

    private ResponseEntity<ProblemDetail> respond(ErrorCode code, String param, String detail, HttpServletRequest request) {
        return respond(code.status(), code.code(), param, detail, request);
    }

    private ResponseEntity<ProblemDetail> respond(HttpStatusCode status, String code, String param, String detail,
            HttpServletRequest request) {
        ProblemDetail problem = Problems.of(status, code, param, detail, requestId(request));
        problem.setInstance(null);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(RequestIds.ATTRIBUTE);
        return id != null ? id.toString() : MDC.get(RequestIds.MDC_KEY);
    }

    private static String path(List<JacksonException.Reference> path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

}

package io.paycloud.common.error;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem every PayCloud service answers with: {@code type}, {@code title},
 * {@code status}, {@code detail}, plus {@code code}, {@code param} and {@code requestId}.
 */
public final class Problems {

    /** Base of the {@code type} URIs; each code gets its own page under it. */
    public static final String TYPE_BASE = "https://docs.paycloud.io/errors/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String param, String detail, String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(titleFor(code, known));
        problem.setProperty("code", code);
        if (param != null) {
            problem.setProperty("param", param);
        }
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    public static ProblemDetail of(ErrorCode code, String param, String detail, String requestId) {
        return of(code.status(), code.code(), param, detail, requestId);
    }

    private static String titleFor(String code, HttpStatus status) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return c.title();
            }
        }
        return status != null ? status.getReasonPhrase() : "Error";
    }
}

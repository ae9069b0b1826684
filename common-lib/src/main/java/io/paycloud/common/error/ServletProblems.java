package io.paycloud.common.error;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

import io.paycloud.common.web.RequestIds;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a servlet filter or security handler writes a problem itself, where no controller
 * advice can (before the dispatcher, or instead of it): the platform's {@link Problems#of} body with the
 * request's id, as {@code application/problem+json}.
 */
public final class ServletProblems {

    private ServletProblems() {
    }

    /** Writes the problem unless the response is already committed. */
    public static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, ErrorCode code,
            String param, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
        byte[] body = json.writeValueAsBytes(Problems.of(code, param, detail, requestId == null ? null : requestId.toString()));
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

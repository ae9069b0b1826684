package io.paycloud.common.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.error.ServletProblems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's refusals as the platform's RFC 9457 problems: 401 {@code unauthenticated}, 403
 * {@code forbidden}, and 400 {@code parameter_invalid} for a request the strict firewall rejects (a
 * path that is not in canonical form: {@code ;}, encoded {@code /}, {@code .} or {@code %},
 * {@code ..}, {@code //}, control characters), before any handler sees it.
 */
public final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final JsonMapper json;
    private final String challenge;

    /** @param challenge the {@code WWW-Authenticate} value sent with a 401 */
    public ProblemSecurityHandlers(JsonMapper json, String challenge) {
        this.json = json;
        this.challenge = challenge;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", challenge);
        write(request, response, ErrorCode.UNAUTHENTICATED, "A valid credential for this service is required.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, ErrorCode.FORBIDDEN, "The caller may not use this endpoint.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(request, response, ErrorCode.PARAMETER_INVALID, "The request path is not in canonical form.");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        ServletProblems.write(json, request, response, code, null, detail);
    }
}

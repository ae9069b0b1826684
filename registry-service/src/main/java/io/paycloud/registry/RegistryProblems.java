package io.paycloud.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The registry's refusals as the platform's RFC 9457 problems (the registry does not carry
 * common-lib, whose identity and service wiring it has no use for): 401 with a Basic challenge,
 * 403, and 400 for a path the strict firewall rejects. The bodies are fixed texts.
 */
final class RegistryProblems {

    private RegistryProblems() {
    }

    static AuthenticationEntryPoint unauthenticated(String realm) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
            write(response, 401, "unauthenticated", "Unauthenticated", "The " + realm + " credential is required.");
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(response, 403, "forbidden", "Forbidden", "The caller may not use this endpoint.");
    }

    static RequestRejectedHandler rejected() {
        return (request, response, e) -> write(response, 400, "parameter_invalid", "Invalid parameter",
                "The request path is not in canonical form.");
    }

    private static void write(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = ("{\"type\":\"https://docs.paycloud.io/errors/" + code + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

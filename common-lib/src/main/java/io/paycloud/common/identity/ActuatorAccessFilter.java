package io.paycloud.common.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.error.Problems;
import io.paycloud.common.web.RequestIds;
import tools.jackson.databind.json.JsonMapper;

/**
 * Actuator endpoints other than health and info (metrics, env, loggers, breakers, Prometheus) answer
 * the ops login only: the admin console and Prometheus send it as Basic credentials. Without
 * configured credentials they answer nobody.
 */
public class ActuatorAccessFilter extends OncePerRequestFilter {

    private final byte[] username;
    private final byte[] password;
    private final JsonMapper json;

    public ActuatorAccessFilter(String username, String password, JsonMapper json) {
        this.username = username == null || username.isBlank() ? null : username.getBytes(StandardCharsets.UTF_8);
        this.password = password == null || password.isBlank() ? null : password.getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/actuator") || path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/info");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authorized(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = json.writeValueAsBytes(Problems.of(ErrorCode.UNAUTHENTICATED, null,
                "Actuator endpoints other than health need the ops login.", (String) request.getAttribute(RequestIds.ATTRIBUTE)));
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"PayCloud ops\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private boolean authorized(String header) {
        if (username == null || password == null || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8), username);
        boolean pass = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8), password);
        return user & pass;
    }
}

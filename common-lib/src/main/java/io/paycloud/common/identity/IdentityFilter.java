package io.paycloud.common.identity;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.error.Problems;
import io.paycloud.common.web.RequestIds;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses any {@code /v1/} request that does not carry a token signed by the gateway, and any
 * {@code /internal/} request that does not carry one signed by a platform service, so that nothing
 * reaches a service's API by going around the gateway. Health and other actuator paths are left to
 * their own rules.
 */
public class IdentityFilter extends OncePerRequestFilter {

    /** Request attribute holding the verified {@link Identity}. */
    public static final String ATTRIBUTE = Identity.class.getName();

    private final TokenVerifier gatewayTokens;
    private final TokenVerifier serviceTokens;
    private final JsonMapper json;

    public IdentityFilter(PublicKey gatewayKey, PublicKey serviceKey, JsonMapper json, Clock clock) {
        this.gatewayTokens = new TokenVerifier(gatewayKey, clock);
        this.serviceTokens = new TokenVerifier(serviceKey, clock);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/internal/")
                || path.startsWith("/dashboard"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(IdentityTokens.HEADER);
        boolean internal = request.getRequestURI().startsWith("/internal/");
        Optional<Identity> identity = internal
                ? serviceTokens.verify(token).filter(i -> i.role() == Identity.Role.SERVICE)
                : gatewayTokens.verify(token).filter(i -> i.role() != Identity.Role.SERVICE);
        if (identity.isEmpty()) {
            ProblemDetail problem = Problems.of(ErrorCode.UNAUTHENTICATED, null,
                    internal ? "Internal endpoints answer platform services only."
                            : "Call the API through the gateway with your secret key.",
                    (String) request.getAttribute(RequestIds.ATTRIBUTE));
            byte[] body = json.writeValueAsBytes(problem);
            response.setStatus(401);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        request.setAttribute(ATTRIBUTE, identity.get());
        MDC.put("caller", identity.get().role().name().toLowerCase() + ":" + identity.get().subject());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("caller");
        }
    }

    /** The verified identity of the current request, set by this filter. */
    public static Optional<Identity> of(HttpServletRequest request) {
        return Optional.ofNullable((Identity) request.getAttribute(ATTRIBUTE));
    }
}

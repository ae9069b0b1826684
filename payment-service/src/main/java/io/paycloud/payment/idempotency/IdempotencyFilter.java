package io.paycloud.payment.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UrlPathHelper;

import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.error.ServletProblems;
import io.paycloud.common.security.Callers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every merchant POST, as DESIGN.md specifies: the first request runs and
 * its answer is stored with a hash of method, path and body; a replay gets the stored status and body
 * with {@code Idempotent-Replayed: true}; another request under the same key is a 422; the same key
 * while its first request still runs is a 409. Server-side failures (5xx) are not stored, so the
 * client's retry runs again — every step of a payment is safe to repeat. The requests that move money
 * (a payment's creation, confirmation, capture and cancellation, a refund's creation) record their key in
 * their own transactions (see {@link IdempotencyClaim}); every other POST is recorded here.
 */
@Component
// after Spring Security's chain, so that the key is scoped to the verified caller and unauthenticated
// requests never reach the store
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REUSED = "This Idempotency-Key was used with a different request.";
    static final String IN_USE = "A request with this Idempotency-Key is still being processed; retry shortly.";
    /** The requests whose handlers record their key in their own transactions. */
    private static final RequestMatcher JOINED = joined("/v1/payments", "/v1/payments/{id}/confirm",
            "/v1/payments/{id}/capture", "/v1/payments/{id}/cancel", "/v1/refunds");
    private static final int MAX_BODY = 1024 * 1024;

    private final IdempotencyStore store;
    private final JsonMapper json;

    IdempotencyFilter(IdempotencyStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !UrlPathHelper.defaultInstance.getPathWithinApplication(request).startsWith("/v1/")
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isEmpty() || key.length() > 255) {
            problem(request, response, ErrorCode.PARAMETER_INVALID, HEADER, "Idempotency-Key must be 1 to 255 characters.");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            problem(request, response, ErrorCode.BODY_TOO_LARGE, null, "The request body is too large.");
            return;
        }
        String scope = Callers.scopeOf(request);
        String hash = hash(request, body);
        boolean joined = JOINED.matches(request);
        IdempotencyStore.Begin begin = joined ? store.lookup(scope, key, hash) : store.begin(scope, key, hash);
        if (begin instanceof IdempotencyStore.Replay replay) {
            response.setStatus(replay.status());
            response.setHeader("Idempotent-Replayed", "true");
            response.setContentType(replay.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
                    : MediaType.APPLICATION_JSON_VALUE);
            byte[] stored = replay.body() == null ? new byte[0] : replay.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(stored.length);
            response.getOutputStream().write(stored);
            return;
        }
        if (begin instanceof IdempotencyStore.Mismatch) {
            problem(request, response, ErrorCode.IDEMPOTENCY_KEY_REUSED, HEADER,
                    REUSED);
            return;
        }
        if (begin instanceof IdempotencyStore.InFlight) {
            problem(request, response, ErrorCode.IDEMPOTENCY_KEY_IN_USE, HEADER,
                    IN_USE);
            return;
        }
        IdempotencyClaim claim = new IdempotencyClaim(scope, key, hash, ((IdempotencyStore.Proceed) begin).recorded());
        if (joined) {
            request.setAttribute(IdempotencyClaim.ATTRIBUTE, claim);
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), captured);
            int status = captured.getStatus();
            if (status < 500 && !claim.isUnsettled()) {
                String answer = new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8);
                if (!claim.stored(status, answer)) {
                    store.store(claim, status, answer);
                }
                kept = true;
            }
        } finally {
            // a failure on our side forgets an in-flight record, so the retry runs; an answer the handler
            // stored stays (its payment exists, and a replay shows it)
            if (!kept && claim.recorded() && !claim.answered()) {
                store.abandon(scope, key);
            }
            captured.copyBodyToResponse();
        }
    }

    private static RequestMatcher joined(String... paths) {
        PathPatternRequestMatcher.Builder posts = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(Arrays.stream(paths).map(p -> (RequestMatcher) posts.matcher(HttpMethod.POST, p))
                .toList());
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        MessageDigest sha = Hashes.sha256();
        sha.update((request.getMethod() + " " + UrlPathHelper.defaultInstance.getPathWithinApplication(request) + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        return HexFormat.of().formatHex(sha.digest());
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String param,
            String detail) throws IOException {
        ServletProblems.write(json, request, response, code, param, detail);
    }

    /** The request with its body already read, so the controller can read it again. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}

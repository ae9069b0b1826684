package io.paycloud.gateway.edge;

import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;

/** Which calls of API.md belong to the ops role; every other {@code /v1/} call is a merchant's. */
final class OpsPaths {

    private static final Pattern REVIEW = Pattern.compile("/v1/payments/[^/]+/review");
    private static final Pattern DEPOSIT = Pattern.compile("/v1/accounts/[^/]+/deposits");

    private OpsPaths() {
    }

    static boolean isOps(HttpMethod method, String path) {
        return path.equals("/v1/merchants") || path.startsWith("/v1/merchants/")
                || path.equals("/v1/risk") || path.startsWith("/v1/risk/")
                || path.equals("/v1/reports/reconciliation")
                || path.equals("/dashboard") || path.startsWith("/dashboard/")
                || (HttpMethod.POST.equals(method) && (REVIEW.matcher(path).matches() || DEPOSIT.matcher(path).matches()));
    }

    /** The gateway's own actuator, but for health and info, answers the ops login only. */
    static boolean isProtectedActuator(String path) {
        return path.startsWith("/actuator") && !(path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/info"));
    }

    static boolean needsIdentity(String path) {
        return path.startsWith("/v1/") || path.equals("/v1") || path.equals("/dashboard") || path.startsWith("/dashboard/");
    }
}

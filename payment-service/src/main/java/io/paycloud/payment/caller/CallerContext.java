package io.paycloud.payment.caller;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.security.Callers;

/**
 * The one place that decides who the caller is: the identity the gateway signed and
 * Spring Security verified (common-lib's {@link Callers}). Nothing a client writes in a header of its own counts.
 */
@Component
public class CallerContext {

    /** The merchant of a merchant call; ops and anonymous callers are refused. */
    public Caller require(HttpServletRequest request) {
        Identity identity = Callers.identity(request)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
        if (!identity.isMerchant()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint is for merchants.");
        }
        return new Caller(identity.subject());
    }

    /** Ops calls only. */
    public void requireOps(HttpServletRequest request) {
        Identity identity = Callers.identity(request)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
        if (identity.role() != Identity.Role.OPS) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint needs the ops role.");
        }
    }

    /** Who the request runs for, for scoping records such as idempotency keys. */
    public static String scopeOf(HttpServletRequest request) {
        return Callers.identity(request).map(i -> i.role().name().toLowerCase() + ":" + i.subject()).orElse("anonymous");
    }
}

package io.paycloud.account.caller;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.security.Callers;

/**
 * The one place that decides who the caller is: the identity the gateway signed and common-lib's
 * Spring Security verified (common-lib's {@link Callers}). Nothing a client writes in a header of its own counts.
 */
@Component
public class CallerContext {

    public Caller require(HttpServletRequest request) {
        Identity identity = identity(request);
        if (!identity.isMerchant()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint is for merchants.");
        }
        return new Caller(identity.subject());
    }

    public Ops requireOps(HttpServletRequest request) {
        Identity identity = identity(request);
        if (identity.role() != Identity.Role.OPS) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This endpoint needs the ops role.");
        }
        return new Ops(identity.subject(), Callers.operatorRoles(request));
    }

    private static Identity identity(HttpServletRequest request) {
        return Callers.identity(request).orElseThrow(
                () -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
    }
}

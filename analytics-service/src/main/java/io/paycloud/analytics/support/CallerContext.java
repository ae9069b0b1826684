package io.paycloud.analytics.support;

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

    /** The calling merchant's id; ops and anonymous callers are refused. */
    public String merchantId(HttpServletRequest request) {
        Identity identity = identity(request);
        if (!identity.isMerchant()) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "This report is for merchants; ops read the dashboard.");
        }
        return identity.subject();
    }

    private static Identity identity(HttpServletRequest request) {
        return Callers.identity(request).orElseThrow(
                () -> new ApiException(ErrorCode.UNAUTHENTICATED, null, "No verified identity on the request."));
    }
}

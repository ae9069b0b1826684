package io.paycloud.payment.caller;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;

/**
 * The one place that decides who the calling merchant is. The gateway names it in the
 * {@value #MERCHANT_HEADER} header after resolving the API key; when the gateway forwards a signed
 * identity instead, only this class changes.
 */
@Component
public class CallerContext {

    public static final String MERCHANT_HEADER = "PayCloud-Merchant-Id";

    public Caller require(HttpServletRequest request) {
        String merchantId = request.getHeader(MERCHANT_HEADER);
        if (merchantId == null || merchantId.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "No merchant identity on the request.");
        }
        if (!Ids.isValid(merchantId, "mer")) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "The merchant identity is not valid.");
        }
        return new Caller(merchantId);
    }
}

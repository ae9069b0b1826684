package io.paycloud.risk.approval;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/**
 * account-service could not store a request for approval; nothing was changed here. The
 * {@code account-service} breaker counts only these.
 */
class AccountServiceUnavailable extends ApiException {

    AccountServiceUnavailable(String why) {
        super(ErrorCode.SERVICE_UNAVAILABLE, null, "account-service, which keeps the approvals, is unavailable right now ("
                + why + "); nothing was changed. Retry later (with the same Idempotency-Key, in case the request was stored).");
    }
}

package io.paycloud.account.riskcontrol;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/**
 * risk-service could not be reached or did not confirm an approved action: the approve transaction
 * rolls back, so the approval stays pending. The {@code risk-service} breaker counts only these.
 */
class RiskServiceUnavailable extends ApiException {

    RiskServiceUnavailable(String why) {
        super(ErrorCode.SERVICE_UNAVAILABLE, null, "risk-service is unavailable right now (" + why + "); the approval "
                + "stays pending. Approving it again is safe: risk-service carries out an approval once.");
    }
}

package io.paycloud.account.ledger;

import org.springframework.http.HttpStatus;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;

/** The ledger's own problem codes, beside common-lib's. All leave nothing written. */
final class LedgerErrors {

    static final String INSUFFICIENT_FUNDS = "insufficient_funds";
    static final String CREDIT_LIMIT = "credit_limit_exceeded";
    static final String TRANSFER_EXISTS = "transfer_exists";
    static final String ALREADY_POSTED = "pending_transfer_already_posted";
    static final String ALREADY_VOIDED = "pending_transfer_already_voided";
    static final String EXPIRED = "pending_transfer_expired";
    static final String LINKED_FAILED = "linked_event_failed";
    static final String CHAIN_OPEN = "linked_event_chain_open";

    private LedgerErrors() {
    }

    static ApiException insufficientFunds(String accountId) {
        return new ApiException(HttpStatus.CONFLICT, INSUFFICIENT_FUNDS, "amount",
                "Account " + accountId + " does not have enough available funds.");
    }

    static ApiException creditLimit(String accountId) {
        return new ApiException(HttpStatus.CONFLICT, CREDIT_LIMIT, "amount",
                "Account " + accountId + " may not be credited beyond its debits.");
    }

    static ApiException exists(String id, String field) {
        return new ApiException(HttpStatus.CONFLICT, TRANSFER_EXISTS, field,
                "A transfer with id '" + id + "' already exists with a different " + field + ".");
    }

    static ApiException pendingState(String pendingId, String status) {
        String code = switch (status) {
            case "posted" -> ALREADY_POSTED;
            case "voided" -> ALREADY_VOIDED;
            default -> EXPIRED;
        };
        return new ApiException(HttpStatus.CONFLICT, code, "pendingId",
                "The pending transfer '" + pendingId + "' is already " + status + ".");
    }

    static ApiException accountMissing(String param, String id) {
        return new ApiException(ErrorCode.RESOURCE_MISSING, param, "No such account: '" + id + "'.");
    }
}

package io.paycloud.account.ledger;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.account.approval.ApprovalEnvelope;
import io.paycloud.account.approval.Approvals;
import io.paycloud.account.approval.FourEyesProperties;
import io.paycloud.common.caller.Caller;
import io.paycloud.common.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;
import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Merchant views of their own accounts, and treasury deposits and adjustments. */
@Tag(name = "Accounts", description = "Ledger accounts (customers' wallets, merchants' accounts): balances and the "
        + "transfers touching them for their merchant; money in (deposits) and corrections (adjustments) for treasury.")
@RestController
class AccountController {

    private final Ledger ledger;
    private final Deposits deposits;
    private final Adjustments adjustments;
    private final Approvals approvals;
    private final FourEyesProperties fourEyes;

    AccountController(Ledger ledger, Deposits deposits, Adjustments adjustments, Approvals approvals,
            FourEyesProperties fourEyes) {
        this.ledger = ledger;
        this.deposits = deposits;
        this.adjustments = adjustments;
        this.approvals = approvals;
        this.fourEyes = fourEyes;
    }

    /** What a merchant sees of an account: see {@link AccountBalance} for what the numbers mean. */
    record AccountResponse(@Schema(example = "acc_01JD8WZ5N4M8R3S0V5W7Y9Z1B2") String id, String currency,
            @Schema(allowableValues = {"wallet", "merchant"}) String type,
            @Schema(description = "What can be spent now: posted credits less posted and pending debits.") long available,
            @Schema(description = "Held by pending transfers (a payment's hold).") long pending,
            @Schema(description = "The posted balance.") long posted,
            Instant createdAt) {

        static AccountResponse of(AccountBalance a) {
            return new AccountResponse(a.id(), a.currency(), a.type(), a.available(), a.pending(), a.posted(), a.createdAt());
        }
    }

    record DepositRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "99999999999",
                    description = "In the account currency's minor unit.", example = "100000") Long amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The account's currency.", example = "CNY")
            String currency) {
    }

    record AdjustmentRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "99999999999",
                    description = "In the account currency's minor unit.", example = "5000") Long amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The account's currency.", example = "CNY")
            String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"credit", "debit"}) String direction,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 500,
                    example = "Duplicate top-up on 2026-03-02, ticket 4411") String reason) {
    }

    @Operation(summary = "Retrieve an account", operationId = "getAccount", description = "One of the merchant's own "
            + "accounts (its customers' wallets, its merchant accounts) with its balances.",
            security = @SecurityRequirement(name = "merchantKey"))
    @GetMapping("/v1/accounts/{id}")
    AccountResponse get(@PathVariable String id, Caller caller) {
        return AccountResponse.of(own(id, caller));
    }

    @Operation(summary = "List an account's transfers", operationId = "listAccountTransfers", description = "The "
            + "transfers touching one of the merchant's accounts, newest first.",
            security = @SecurityRequirement(name = "merchantKey"))
    @GetMapping("/v1/accounts/{id}/transfers")
    Page<Transfer> transfers(@PathVariable String id, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter, Caller caller) {
        own(id, caller);
        return ledger.statement(id, ListParams.limit(limit), startingAfter);
    }

    /**
     * Treasury: money in, from the currency's funding account. With an {@code Idempotency-Key} the transfer
     * id is derived from it, so a retried deposit is recorded once. Above the four-eyes threshold nothing
     * moves: the request is stored and answered 202 until a second treasury operator approves it.
     */
    @Operation(summary = "Deposit money into an account", operationId = "createDeposit", description = "Treasury "
            + "(role `treasury`): money into a wallet or merchant account from the currency's funding account. Above "
            + "the deposit threshold nothing moves until a second treasury operator approves.",
            security = @SecurityRequirement(name = "operatorToken"))
    @ApiResponse(responseCode = "201", description = "The transfer, posted.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Transfer.class)))
    @ApiResponse(responseCode = "200", description = "The same transfer, for a request sent again with its `Idempotency-Key`.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Transfer.class)))
    @ApiResponse(responseCode = "202", description = "Above the four-eyes threshold: the pending approval a second "
            + "treasury operator decides (the same one for a request sent again with its `Idempotency-Key`).",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalEnvelope.class)))
    @ApiResponse(responseCode = "400", description = "`parameter_missing` or `parameter_invalid` (`param: id` for a "
            + "system account, `currency` for another currency than the account's), `parameter_unknown` or `json_invalid`.")
    @ApiResponse(responseCode = "409", description = "`transfer_exists`: the `Idempotency-Key` was used for a deposit "
            + "to this account with other values; `param` names the first that differs.")
    @PostMapping("/v1/accounts/{id}/deposits")
    ResponseEntity<?> deposit(@PathVariable String id, @RequestBody DepositRequest body,
            @Parameter(description = "Makes the deposit safe to retry: the same key on the same account records one "
                    + "transfer (or one approval). At most 255 characters.")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        deposits.check(id, body.amount(), body.currency());
        return bookOrWait(Deposits.ACTION, id, body, body.amount() > fourEyes.depositThreshold(), ops, idempotencyKey, "dep",
                transferId -> deposits.deposit(id, body.amount(), body.currency(), transferId));
    }

    /**
     * Treasury: a correction of the account's balance, booked against the currency's adjustments account
     * ({@link Adjustments}). Idempotent with an {@code Idempotency-Key}; above its four-eyes threshold it
     * waits, answered 202, for a second treasury operator.
     */
    @Operation(summary = "Adjust an account's balance", operationId = "createAdjustment", description = "Treasury "
            + "(role `treasury`): a correction of a wallet's or merchant account's balance, credit or debit, booked "
            + "against the currency's adjustments account. Above the adjustment threshold nothing moves until a second "
            + "treasury operator approves.", security = @SecurityRequirement(name = "operatorToken"))
    @ApiResponse(responseCode = "201", description = "The transfer, posted.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Transfer.class)))
    @ApiResponse(responseCode = "200", description = "The same transfer, for a request sent again with its `Idempotency-Key`.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Transfer.class)))
    @ApiResponse(responseCode = "202", description = "Above the four-eyes threshold: the pending approval a second "
            + "treasury operator decides (the same one for a request sent again with its `Idempotency-Key`).",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalEnvelope.class)))
    @ApiResponse(responseCode = "400", description = "`parameter_missing` or `parameter_invalid` (`param: id` for a "
            + "system account, `currency` for another currency than the account's), `parameter_unknown` or `json_invalid`.")
    @ApiResponse(responseCode = "409", description = "`insufficient_funds`: the account cannot cover the debit; or "
            + "`transfer_exists`: the `Idempotency-Key` was used for an adjustment of this account with other values "
            + "(`param` names the first that differs).")
    @PostMapping("/v1/accounts/{id}/adjustments")
    ResponseEntity<?> adjust(@PathVariable String id, @RequestBody AdjustmentRequest body,
            @Parameter(description = "Makes the adjustment safe to retry: the same key on the same account books one "
                    + "transfer (or one approval). At most 255 characters.")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        Adjustments.Direction direction = adjustments.check(id, body.amount(), body.currency(), body.direction(), body.reason());
        return bookOrWait(Adjustments.ACTION, id, body, body.amount() > fourEyes.adjustmentThreshold(), ops, idempotencyKey, "adj",
                transferId -> adjustments.adjust(id, body.amount(), body.currency(), direction, transferId));
    }

    /**
     * A checked treasury request: above its threshold stored for a second operator and answered 202,
     * else booked at once (201, or 200 for a replay). With an {@code Idempotency-Key} the transfer id is
     * {@code prefix} and a hash of account and key, so a retried request is booked once.
     */
    private ResponseEntity<?> bookOrWait(String action, String accountId, Object body, boolean aboveThreshold, Ops ops,
            String idempotencyKey, String prefix, java.util.function.Function<String, Ledger.Outcome> book) {
        if (aboveThreshold) {
            Approvals.Approval approval = approvals.request(action, accountId, body, ops, idempotencyKey);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ApprovalEnvelope.of(approval));
        }
        String transferId = idempotencyKey == null ? Ids.newId("tr")
                : prefix + "_" + Hashes.sha256Hex(accountId + ":" + idempotencyKey).substring(0, 40);
        Ledger.Outcome outcome = book.apply(transferId);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.transfer());
    }

    private AccountBalance own(String id, Caller caller) {
        // another merchant's account answers exactly like a missing one
        return ledger.account(id).filter(a -> caller.owns(a.merchantId()))
                .orElseThrow(() -> ApiException.notFound("account", id));
    }
}

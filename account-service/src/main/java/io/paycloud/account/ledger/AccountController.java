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
import io.paycloud.account.caller.Caller;
import io.paycloud.account.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;
import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;

/** Merchant views of their own accounts, and treasury deposits and adjustments. */
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
    record AccountResponse(String id, String currency, String type, long available, long pending, long posted,
            Instant createdAt) {

        static AccountResponse of(AccountBalance a) {
            return new AccountResponse(a.id(), a.currency(), a.type(), a.available(), a.pending(), a.posted(), a.createdAt());
        }
    }

    record DepositRequest(Long amount, String currency) {
    }

    record AdjustmentRequest(Long amount, String currency, String direction, String reason) {
    }

    @GetMapping("/v1/accounts/{id}")
    AccountResponse get(@PathVariable String id, Caller caller) {
        return AccountResponse.of(own(id, caller));
    }

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
    @PostMapping("/v1/accounts/{id}/deposits")
    ResponseEntity<?> deposit(@PathVariable String id, @RequestBody DepositRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        deposits.check(id, body.amount(), body.currency());
        if (body.amount() > fourEyes.depositThreshold()) {
            Approvals.Approval approval = approvals.request(Deposits.ACTION, id, body, ops, idempotencyKey);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ApprovalEnvelope.of(approval));
        }
        String transferId = idempotencyKey == null ? Ids.newId("tr") : "dep_" + Hashes.sha256Hex(id + ":" + idempotencyKey).substring(0, 40);
        Ledger.Outcome outcome = deposits.deposit(id, body.amount(), body.currency(), transferId);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.transfer());
    }

    /**
     * Treasury: a correction of the account's balance, booked against the currency's adjustments account
     * ({@link Adjustments}). Idempotent with an {@code Idempotency-Key}; above its four-eyes threshold it
     * waits, answered 202, for a second treasury operator.
     */
    @PostMapping("/v1/accounts/{id}/adjustments")
    ResponseEntity<?> adjust(@PathVariable String id, @RequestBody AdjustmentRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        Adjustments.Direction direction = adjustments.check(id, body.amount(), body.currency(), body.direction(), body.reason());
        if (body.amount() > fourEyes.adjustmentThreshold()) {
            Approvals.Approval approval = approvals.request(Adjustments.ACTION, id, body, ops, idempotencyKey);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ApprovalEnvelope.of(approval));
        }
        String transferId = idempotencyKey == null ? Ids.newId("tr") : Adjustments.transferId(id, idempotencyKey);
        Ledger.Outcome outcome = adjustments.adjust(id, body.amount(), body.currency(), direction, transferId);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.transfer());
    }

    private AccountBalance own(String id, Caller caller) {
        // another merchant's account answers exactly like a missing one
        return ledger.account(id).filter(a -> caller.owns(a.merchantId()))
                .orElseThrow(() -> ApiException.notFound("account", id));
    }
}

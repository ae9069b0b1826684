package io.paycloud.account.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.account.caller.Caller;
import io.paycloud.account.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;

/** Merchant views of their own accounts, and ops deposits. */
@RestController
class AccountController {

    private final Ledger ledger;

    AccountController(Ledger ledger) {
        this.ledger = ledger;
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
     * Ops: money in, from the currency's funding account. With an {@code Idempotency-Key} the transfer id
     * is derived from it, so a retried deposit is recorded once.
     */
    @PostMapping("/v1/accounts/{id}/deposits")
    ResponseEntity<Transfer> deposit(@PathVariable String id, @RequestBody DepositRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Ops ops) {
        AccountBalance account = ledger.account(id).orElseThrow(() -> ApiException.notFound("account", id));
        if (AccountType.fromWire(account.type()).system()) {
            throw ApiException.invalid("id", "Deposits go to wallets and merchant accounts only.");
        }
        if (body.amount() == null) {
            throw ApiException.missing("amount");
        }
        if (body.currency() == null) {
            throw ApiException.missing("currency");
        }
        String funding = ledger.systemAccount(AccountType.FUNDING, account.currency());
        String transferId = idempotencyKey == null ? Ids.newId("tr") : "dep_" + sha256(id + ":" + idempotencyKey);
        Ledger.Outcome outcome = ledger.transfer(TransferRequest.single(transferId, funding, id, body.amount(), body.currency()));
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.transfer());
    }

    private AccountBalance own(String id, Caller caller) {
        // another merchant's account answers exactly like a missing one
        return ledger.account(id).filter(a -> caller.owns(a.merchantId()))
                .orElseThrow(() -> ApiException.notFound("account", id));
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

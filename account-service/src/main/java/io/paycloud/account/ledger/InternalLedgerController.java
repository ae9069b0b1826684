package io.paycloud.account.ledger;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.error.ApiException;

/** The ledger for other services (payment-service, analytics) and ops tooling; never routed by the gateway. */
@RestController
class InternalLedgerController {

    private final Ledger ledger;

    InternalLedgerController(Ledger ledger) {
        this.ledger = ledger;
    }

    record BatchRequest(List<TransferRequest> transfers) {
    }

    record BatchResponse(List<BatchResult> results) {
    }

    /** 201 when recorded now, 200 when the same transfer was already recorded (an idempotent replay). */
    @PostMapping("/internal/transfers")
    ResponseEntity<Transfer> create(@RequestBody TransferRequest body) {
        Ledger.Outcome outcome = ledger.transfer(body);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.transfer());
    }

    @PostMapping("/internal/transfers/batch")
    BatchResponse batch(@RequestBody BatchRequest body) {
        return new BatchResponse(ledger.batch(body.transfers()));
    }

    @GetMapping("/internal/transfers/{id}")
    Transfer get(@PathVariable String id) {
        return ledger.transfer(id).orElseThrow(() -> ApiException.notFound("transfer", id));
    }

    @GetMapping("/internal/accounts/{id}")
    AccountBalance account(@PathVariable String id) {
        return ledger.account(id).orElseThrow(() -> ApiException.notFound("account", id));
    }

    @GetMapping("/internal/system-accounts")
    Map<String, Map<String, String>> systemAccounts() {
        return ledger.systemAccounts();
    }

    @GetMapping("/internal/audit")
    AuditReport audit() {
        return ledger.audit();
    }
}

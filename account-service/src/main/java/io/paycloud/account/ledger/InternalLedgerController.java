package io.paycloud.account.ledger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.account.support.Page;
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

    /** A transfer as the reconciliation reads it: with its sequence in the ledger's write order. */
    record SequencedTransfer(long sequence, String id, String kind, String status, String debitAccountId,
            String creditAccountId, long amount, String currency, String pendingId, Instant createdAt) {
    }

    /** Transfers written in {@code [from, to)}, oldest first; page on with {@code after=<last sequence>}. */
    @GetMapping("/internal/transfers")
    Page<SequencedTransfer> between(@RequestParam String from,
            @RequestParam String to,
            @RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer limit) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        int l = limit == null ? 1000 : limit;
        if (l < 1 || l > 5000) {
            throw ApiException.invalid("limit", "limit must be between 1 and 5000.");
        }
        List<SequencedTransfer> rows = ledger.between(f, t, after == null ? 0 : after, l + 1).stream()
                .map(r -> new SequencedTransfer(r.sequence(), r.transfer().id(), r.transfer().kind(), r.transfer().status(),
                        r.transfer().debitAccountId(), r.transfer().creditAccountId(), r.transfer().amount(),
                        r.transfer().currency(), r.transfer().pendingId(), r.transfer().createdAt()))
                .toList();
        boolean more = rows.size() > l;
        return new Page<>(more ? rows.subList(0, l) : rows, more);
    }

    private static Instant instant(String param, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be an ISO 8601 instant.");
        }
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

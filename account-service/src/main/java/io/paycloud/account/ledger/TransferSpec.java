package io.paycloud.account.ledger;

import java.util.regex.Pattern;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.money.Currencies;

/** A request whose shape has been checked: required fields there, amounts in range, the kind known. */
record TransferSpec(TransferRequest request, TransferKind kind, Long timeoutSeconds) {

    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    String id() {
        return request.id();
    }

    static TransferSpec of(TransferRequest r, LedgerProperties properties) {
        if (r.id() == null || r.id().isBlank()) {
            throw ApiException.missing("id");
        }
        if (!TRANSFER_ID.matcher(r.id()).matches()) {
            throw ApiException.invalid("id", "A transfer id is 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
        }
        if (r.kind() == null) {
            throw ApiException.missing("kind");
        }
        TransferKind kind = TransferKind.fromWire(r.kind());
        if (kind == null) {
            throw ApiException.invalid("kind", "kind is one of single, pending, post_pending, void_pending.");
        }
        if (r.amount() != null && (r.amount() < 1 || r.amount() > Currencies.MAX_AMOUNT)) {
            throw ApiException.invalid("amount", "amount is a whole number of minor units from 1 to "
                    + Currencies.MAX_AMOUNT + ".");
        }
        if (r.currency() != null && !Currencies.isSupported(r.currency())) {
            throw ApiException.invalid("currency", "Unsupported currency: " + r.currency() + ".");
        }
        if (kind.resolvesPending()) {
            if (r.pendingId() == null) {
                throw ApiException.missing("pendingId");
            }
            if (r.timeoutSeconds() != null) {
                throw ApiException.invalid("timeoutSeconds", "Only a pending transfer has a timeout.");
            }
            return new TransferSpec(r, kind, null);
        }
        if (r.pendingId() != null) {
            throw ApiException.invalid("pendingId", "Only post_pending and void_pending name a pending transfer.");
        }
        for (String[] field : new String[][] {{"debitAccountId", r.debitAccountId()},
                {"creditAccountId", r.creditAccountId()}, {"currency", r.currency()}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw ApiException.missing(field[0]);
            }
        }
        if (r.amount() == null) {
            throw ApiException.missing("amount");
        }
        if (r.debitAccountId().equals(r.creditAccountId())) {
            throw ApiException.invalid("creditAccountId", "The debit and credit accounts must differ.");
        }
        Long timeout = null;
        if (kind == TransferKind.PENDING) {
            long max = properties.maxHoldTimeout().toSeconds();
            timeout = r.timeoutSeconds() == null ? properties.defaultHoldTimeout().toSeconds() : r.timeoutSeconds();
            if (timeout < 1 || timeout > max) {
                throw ApiException.invalid("timeoutSeconds", "timeoutSeconds is from 1 to " + max + ".");
            }
        } else if (r.timeoutSeconds() != null) {
            throw ApiException.invalid("timeoutSeconds", "Only a pending transfer has a timeout.");
        }
        return new TransferSpec(r, kind, timeout);
    }
}

package io.paycloud.account.ledger;

import java.util.Locale;

import org.springframework.stereotype.Component;

import io.paycloud.account.approval.ApprovedAction;
import io.paycloud.account.approval.Approvals;
import io.paycloud.common.caller.Ops;
import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.identity.OperatorRole;

/**
 * Corrections of a wallet or merchant balance by treasury, booked against the currency's
 * {@code adjustments} account so that every correction ever made can be summed in one place: a
 * {@code credit} moves money from it to the account, a {@code debit} from the account to it (refused
 * like any transfer when the account has not enough). A large one waits for a second treasury operator
 * ({@link ApprovedAction}); the reason is kept with the request and in the audit trail.
 */
@Component
class Adjustments implements ApprovedAction {

    static final String ACTION = "adjustment";
    static final int REASON_MAX = 500;

    enum Direction {
        CREDIT, DEBIT;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Direction fromWire(String value) {
            for (Direction d : values()) {
                if (d.wire().equals(value)) {
                    return d;
                }
            }
            throw ApiException.invalid("direction", "direction is credit or debit.");
        }
    }

    private final Ledger ledger;

    Adjustments(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Refuses what could never be booked, before anything is stored or waits for approval. */
    Direction check(String accountId, Long amount, String currency, String direction, String reason) {
        Deposits.checkTreasuryTransfer(ledger, accountId, amount, currency, "Adjustments apply to wallets and merchant accounts only.");
        if (direction == null) {
            throw ApiException.missing("direction");
        }
        if (reason == null || reason.isBlank()) {
            throw ApiException.missing("reason");
        }
        if (reason.length() > REASON_MAX || reason.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid("reason", "reason is 1 to " + REASON_MAX + " characters, without control characters.");
        }
        return Direction.fromWire(direction);
    }

    Ledger.Outcome adjust(String accountId, long amount, String currency, Direction direction, String transferId) {
        String adjustments = ledger.systemAccount(AccountType.ADJUSTMENTS, currency);
        TransferRequest transfer = direction == Direction.CREDIT
                ? TransferRequest.single(transferId, adjustments, accountId, amount, currency)
                : TransferRequest.single(transferId, accountId, adjustments, amount, currency);
        return ledger.transfer(transfer);
    }

    @Override
    public String name() {
        return ACTION;
    }

    @Override
    public OperatorRole requiredRole() {
        return OperatorRole.TREASURY;
    }

    /** The transfer id comes from the approval's, so the approved adjustment is booked once, whatever happens. */
    @Override
    public Transfer execute(Approvals.Approval approval, Ops checker) {
        long amount = approval.body().get("amount").asLong();
        String currency = approval.body().get("currency").asString();
        String reason = approval.body().get("reason").asString();
        Direction direction = check(approval.object(), amount, currency, approval.body().get("direction").asString(), reason);
        return adjust(approval.object(), amount, currency, direction,
                "adj_" + Hashes.sha256Hex(approval.id()).substring(0, 40)).transfer();
    }
}

package io.paycloud.account.ledger;

import org.springframework.stereotype.Component;

import io.paycloud.account.approval.ApprovedAction;
import io.paycloud.account.approval.Approvals;
import io.paycloud.common.caller.Ops;
import io.paycloud.common.crypto.Hashes;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.money.Currencies;

/**
 * Money into a wallet or merchant account from the currency's funding account: the one way money
 * enters the platform, so a large one waits for a second treasury operator ({@link ApprovedAction}).
 */
@Component
class Deposits implements ApprovedAction {

    static final String ACTION = "deposit";

    private final Ledger ledger;

    Deposits(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Refuses what could never be deposited, before anything is stored or waits for approval. */
    void check(String accountId, Long amount, String currency) {
        checkTreasuryTransfer(ledger, accountId, amount, currency, "Deposits go to wallets and merchant accounts only.");
    }

    /**
     * What a deposit and an adjustment both need: an account of a customer or merchant (else
     * {@code notSystem} is the 400's detail), and an amount and currency it can take.
     */
    static void checkTreasuryTransfer(Ledger ledger, String accountId, Long amount, String currency, String notSystem) {
        AccountBalance account = ledger.account(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
        if (AccountType.fromWire(account.type()).system()) {
            throw ApiException.invalid("id", notSystem);
        }
        if (amount == null) {
            throw ApiException.missing("amount");
        }
        if (currency == null) {
            throw ApiException.missing("currency");
        }
        if (amount < 1 || amount > Currencies.MAX_AMOUNT) {
            throw ApiException.invalid("amount", "amount is from 1 to " + Currencies.MAX_AMOUNT + " minor units.");
        }
        if (!Currencies.isSupported(currency)) {
            throw ApiException.invalid("currency", "Unsupported currency: " + currency + ".");
        }
        if (!currency.equals(account.currency())) {
            throw ApiException.invalid("currency", "Account " + accountId + " is in " + account.currency() + ".");
        }
    }

    Ledger.Outcome deposit(String accountId, long amount, String currency, String transferId) {
        String funding = ledger.systemAccount(AccountType.FUNDING, currency);
        return ledger.transfer(TransferRequest.single(transferId, funding, accountId, amount, currency));
    }

    @Override
    public String name() {
        return ACTION;
    }

    @Override
    public OperatorRole requiredRole() {
        return OperatorRole.TREASURY;
    }

    /** The transfer id comes from the approval's, so the approved deposit is recorded once, whatever happens. */
    @Override
    public Transfer execute(Approvals.Approval approval, Ops checker) {
        long amount = approval.body().get("amount").asLong();
        String currency = approval.body().get("currency").asString();
        check(approval.object(), amount, currency);
        return deposit(approval.object(), amount, currency, "dep_" + Hashes.sha256Hex(approval.id()).substring(0, 40)).transfer();
    }
}

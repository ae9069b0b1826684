package io.paycloud.payment.ledger;

import io.paycloud.common.id.Ids;
import io.paycloud.payment.support.FakeLedger;

/** The double the payment tests run on, held to the ledger's contract. */
class FakeLedgerContractTest extends LedgerContract {

    private final FakeLedger ledger = new FakeLedger();

    @Override
    protected LedgerClient ledger() {
        return ledger;
    }

    @Override
    protected String wallet(String currency, long balance) {
        String id = Ids.newId("acc");
        ledger.open(id, true, currency);
        ledger.deposit(id, balance);
        return id;
    }

    @Override
    protected String merchantAccount(String currency) {
        String id = Ids.newId("acc");
        ledger.open(id, true, currency);
        return id;
    }

    @Override
    protected Balance balance(String accountId) {
        FakeLedger.Account a = ledger.account(accountId);
        return new Balance(a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted);
    }
}

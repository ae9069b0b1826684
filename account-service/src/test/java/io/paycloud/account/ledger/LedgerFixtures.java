package io.paycloud.account.ledger;

import java.util.concurrent.atomic.AtomicLong;

import io.paycloud.common.id.Ids;

/** Accounts with money in them, for ledger tests. */
final class LedgerFixtures {

    private static final AtomicLong SEQ = new AtomicLong();

    private final Ledger ledger;

    LedgerFixtures(Ledger ledger) {
        this.ledger = ledger;
    }

    static String id(String prefix) {
        return prefix + "." + Ids.newId("t") + "." + SEQ.incrementAndGet();
    }

    String wallet(String currency, long deposit) {
        String merchant = Ids.newId("mer");
        String account = ledger.openAccount(AccountType.WALLET, currency, merchant, Ids.newId("cus"));
        if (deposit > 0) {
            deposit(account, currency, deposit);
        }
        return account;
    }

    String merchantAccount(String currency) {
        String merchant = Ids.newId("mer");
        return ledger.openAccount(AccountType.MERCHANT, currency, merchant, merchant);
    }

    void deposit(String account, String currency, long amount) {
        ledger.transfer(TransferRequest.single(id("dep"), ledger.systemAccount(AccountType.FUNDING, currency), account,
                amount, currency));
    }

    AccountBalance balance(String account) {
        return ledger.account(account).orElseThrow();
    }
}

package io.paycloud.payment.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import io.paycloud.common.id.Ids;
import io.paycloud.common.client.RemoteProblem;

/**
 * What payment-service relies on from the ledger, as one suite: {@code FakeLedgerContractTest} runs it
 * against the in-memory double the payment tests use, {@code AccountServiceLedgerContractIT} against
 * account-service itself through {@link HttpLedgerClient}. A double that passes it answers as the real
 * ledger does, refusals included (status, code and param), so a payment test on the double means
 * something for the platform.
 */
public abstract class LedgerContract {

    /** An account's four counters as the ledger keeps them. */
    protected record Balance(long debitsPending, long debitsPosted, long creditsPending, long creditsPosted) {

        long available() {
            return creditsPosted - debitsPosted - debitsPending;
        }
    }

    protected abstract LedgerClient ledger();

    /** A customer wallet in {@code currency} (never debited past its credits) holding {@code balance}. */
    protected abstract String wallet(String currency, long balance);

    /** An empty merchant account in {@code currency} (never debited past its credits). */
    protected abstract String merchantAccount(String currency);

    protected abstract Balance balance(String accountId);

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A transfer id no other test (and no earlier run against the same ledger) has used. */
    private String id(String name) {
        return "lc_" + run + "_" + name;
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void aRepeatedTransferAnswersTheRecordedOneAndMovesMoneyOnce() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        TransferOrder order = TransferOrder.single(id("pay"), wallet, merchant, 30_00, "CNY");

        LedgerTransfer first = ledger().transfer(order);
        LedgerTransfer again = ledger().transfer(order);

        assertThat(again).isEqualTo(first);
        assertThat(first).isEqualTo(new LedgerTransfer(order.id(), "single", "posted", wallet, merchant, 30_00, "CNY", null));
        assertThat(balance(wallet).available()).isEqualTo(70_00);
        assertThat(balance(merchant).creditsPosted()).isEqualTo(30_00);
    }

    @Test
    void aReusedIdWithAnotherAmountIsRefusedAndMovesNothing() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 30_00, "CNY"));

        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 31_00, "CNY")),
                409, "transfer_exists", "amount");
        assertThat(balance(wallet).available()).isEqualTo(70_00);
        assertThat(ledger().find(id("pay"))).hasValueSatisfying(t -> assertThat(t.amount()).isEqualTo(30_00));
    }

    @Test
    void aReusedIdWithOtherAccountsIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        String otherMerchant = merchantAccount("CNY");
        String otherWallet = wallet("CNY", 100_00);
        ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 30_00, "CNY"));

        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), wallet, otherMerchant, 30_00, "CNY")),
                409, "transfer_exists", "creditAccountId");
        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), otherWallet, merchant, 30_00, "CNY")),
                409, "transfer_exists", "debitAccountId");
        assertThat(balance(otherMerchant).creditsPosted()).isZero();
        assertThat(balance(otherWallet).available()).isEqualTo(100_00);
    }

    @Test
    void aReusedIdWithAnotherKindIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 30_00, "CNY"));

        refused(() -> ledger().transfer(TransferOrder.hold(id("pay"), wallet, merchant, 30_00, "CNY", 600)),
                409, "transfer_exists", "kind");
        assertThat(balance(wallet).debitsPending()).isZero();
    }

    @Test
    void aRepeatedHoldWithAnotherTimeoutIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        TransferOrder hold = TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 600);
        assertThat(ledger().transfer(hold)).isEqualTo(ledger().transfer(hold));

        refused(() -> ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 601)),
                409, "transfer_exists", "timeoutSeconds");
        assertThat(balance(wallet).debitsPending()).isEqualTo(30_00);
    }

    // ---------------------------------------------------------------- holds

    @Test
    void aHoldReservesFundsUntilItIsPostedInFull() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 600));
        assertThat(hold.status()).isEqualTo("pending");
        assertThat(balance(wallet)).isEqualTo(new Balance(30_00, 0, 0, 100_00));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 0, 30_00, 0));
        // what the janitor reads to settle a payment
        assertThat(ledger().find(hold.id())).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo("pending"));

        LedgerTransfer post = ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 30_00));

        assertThat(post).isEqualTo(new LedgerTransfer(id("capture"), "post_pending", "posted", wallet, merchant, 30_00,
                "CNY", hold.id()));
        assertThat(ledger().find(hold.id())).hasValueSatisfying(t -> {
            assertThat(t.status()).isEqualTo("posted");
            assertThat(t.amount()).isEqualTo(30_00);
        });
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 30_00, 0, 100_00));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 0, 0, 30_00));
    }

    @Test
    void aHoldPostedForLessReleasesTheRest() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 80_00, "CNY", 600));

        LedgerTransfer post = ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 50_00));

        assertThat(post.amount()).isEqualTo(50_00);
        assertThat(ledger().find(hold.id())).hasValueSatisfying(t -> {
            assertThat(t.status()).isEqualTo("posted");
            assertThat(t.amount()).as("the hold keeps what was held").isEqualTo(80_00);
        });
        assertThat(balance(wallet).available()).isEqualTo(50_00);
        assertThat(balance(wallet).debitsPending()).isZero();
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 0, 0, 50_00));
    }

    @Test
    void aPostForMoreThanWasHeldIsRefusedAndTheHoldStays() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 600));

        refused(() -> ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 30_01)), 400, "parameter_invalid",
                "amount");

        assertThat(ledger().find(id("capture"))).isEmpty();
        assertThat(balance(wallet)).isEqualTo(new Balance(30_00, 0, 0, 100_00));
        assertThat(ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 30_00)).status()).isEqualTo("posted");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 30_00, 0, 100_00));
    }

    @Test
    void aVoidedHoldGivesEverythingBack() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 600));

        LedgerTransfer released = ledger().transfer(TransferOrder.release(id("cancel"), hold.id()));

        assertThat(released).isEqualTo(new LedgerTransfer(id("cancel"), "void_pending", "voided", wallet, merchant, 30_00,
                "CNY", hold.id()));
        assertThat(ledger().find(hold.id())).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo("voided"));
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 0, 0, 0));
    }

    @Test
    void aRepeatedPostAnswersTheFirstAndAnotherAmountUnderItsIdIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 80_00, "CNY", 600));
        LedgerTransfer post = ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 50_00));

        assertThat(ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 50_00))).isEqualTo(post);
        refused(() -> ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 60_00)), 409, "transfer_exists",
                "amount");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 50_00, 0, 100_00));
    }

    @Test
    void aPostedHoldCannotBeVoidedNorPostedUnderAnotherId() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 600));
        ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 30_00));

        refused(() -> ledger().transfer(TransferOrder.release(id("cancel"), hold.id())), 409,
                "pending_transfer_already_posted", "pendingId");
        refused(() -> ledger().transfer(TransferOrder.post(id("capture2"), hold.id(), 30_00)), 409,
                "pending_transfer_already_posted", "pendingId");
        assertThat(ledger().find(id("cancel"))).isEmpty();
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 30_00, 0, 100_00));
    }

    @Test
    void aVoidedHoldCannotBePosted() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 600));
        ledger().transfer(TransferOrder.release(id("cancel"), hold.id()));

        refused(() -> ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 30_00)), 409,
                "pending_transfer_already_voided", "pendingId");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
        assertThat(balance(merchant).creditsPosted()).isZero();
    }

    @Test
    void anExpiredHoldCannotBePostedAndItsFundsComeBack() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 30_00, "CNY", 1));
        assertThat(balance(wallet).available()).isEqualTo(70_00);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(ledger().find(hold.id())).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo("expired")));

        refused(() -> ledger().transfer(TransferOrder.post(id("capture"), hold.id(), 30_00)), 409,
                "pending_transfer_expired", "pendingId");
        refused(() -> ledger().transfer(TransferOrder.release(id("cancel"), hold.id())), 409,
                "pending_transfer_expired", "pendingId");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 0, 0, 0));
    }

    @Test
    void aPostOfAnUnknownHoldIsRefused() {
        refused(() -> ledger().transfer(TransferOrder.post(id("capture"), id("nohold"), 10_00)), 404, "resource_missing",
                "pendingId");
        assertThat(ledger().find(id("capture"))).isEmpty();
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void insufficientFundsIsRefusedAndMovesNothing() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 60_00, "CNY", 600));

        // what is held counts as spent
        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 40_01, "CNY")), 409,
                "insufficient_funds", "amount");
        refused(() -> ledger().transfer(TransferOrder.hold(id("auth2"), wallet, merchant, 40_01, "CNY", 600)), 409,
                "insufficient_funds", "amount");

        assertThat(ledger().find(id("pay"))).isEmpty();
        assertThat(ledger().find(id("auth2"))).isEmpty();
        assertThat(balance(wallet)).isEqualTo(new Balance(60_00, 0, 0, 100_00));
        assertThat(ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 40_00, "CNY")).status())
                .as("the same id may be used once the funds are there").isEqualTo("posted");
        assertThat(balance(wallet).available()).isZero();
    }

    @Test
    void anUnknownAccountIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        String nowhere = Ids.newId("acc");

        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), nowhere, merchant, 10_00, "CNY")), 404,
                "resource_missing", "debitAccountId");
        refused(() -> ledger().transfer(TransferOrder.hold(id("auth"), wallet, nowhere, 10_00, "CNY", 600)), 404,
                "resource_missing", "creditAccountId");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
    }

    @Test
    void aTransferInAnotherCurrencyThanItsAccountsIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String dollars = merchantAccount("USD");
        String yuan = merchantAccount("CNY");

        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), wallet, dollars, 10_00, "CNY")), 400,
                "parameter_invalid", "currency");
        refused(() -> ledger().transfer(TransferOrder.single(id("pay"), wallet, yuan, 10_00, "USD")), 400,
                "parameter_invalid", "currency");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
        assertThat(balance(dollars).creditsPosted()).isZero();
    }

    @Test
    void aTransferOfNothingOrToItsOwnAccountIsRefused() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");

        refused(() -> ledger().transfer(new TransferOrder(id("zero"), "single", wallet, merchant, 0L, "CNY", null, null,
                null)), 400, "parameter_invalid", "amount");
        refused(() -> ledger().transfer(TransferOrder.single(id("self"), wallet, wallet, 10_00, "CNY")), 400,
                "parameter_invalid", "creditAccountId");
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(ledger().find(id("never"))).isEmpty();
    }

    // ---------------------------------------------------------------- linked batches

    @Test
    void aLinkedBatchRecordsHoldCaptureAndFeeTogether() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        String fees = merchantAccount("CNY");
        // the shape of an automatic capture: the hold, its post and the fee out of what was just posted
        List<TransferOrder> batch = List.of(
                TransferOrder.hold(id("auth"), wallet, merchant, 50_00, "CNY", 3600),
                TransferOrder.post(id("capture"), id("auth"), 50_00),
                TransferOrder.single(id("fee"), merchant, fees, 30, "CNY"));

        List<LedgerTransfer> recorded = ledger().linkedBatch(batch);

        assertThat(recorded).extracting(LedgerTransfer::id).containsExactly(id("auth"), id("capture"), id("fee"));
        assertThat(recorded).extracting(LedgerTransfer::status).containsExactly("pending", "posted", "posted");
        assertThat(ledger().find(id("auth"))).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo("posted"));
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 50_00, 0, 100_00));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 30, 0, 50_00));
        assertThat(balance(fees).creditsPosted()).isEqualTo(30);

        // a replay (the janitor after a lost answer) meets the recorded transfers and moves nothing again
        assertThat(ledger().linkedBatch(batch)).extracting(LedgerTransfer::id)
                .containsExactly(id("auth"), id("capture"), id("fee"));
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 50_00, 0, 100_00));
        assertThat(balance(fees).creditsPosted()).isEqualTo(30);
    }

    @Test
    void aLinkedBatchFailsAsOneAndNamesTheTransferThatFailed() {
        String wallet = wallet("CNY", 100_00);
        String poorWallet = wallet("CNY", 10_00);
        String merchant = merchantAccount("CNY");

        refused(() -> ledger().linkedBatch(List.of(
                TransferOrder.single(id("a"), wallet, merchant, 30_00, "CNY"),
                TransferOrder.single(id("b"), poorWallet, merchant, 10_01, "CNY"))), 409, "insufficient_funds", "amount");
        // the failing transfer first: its innocent partner's linked_event_failed is not what is reported
        refused(() -> ledger().linkedBatch(List.of(
                TransferOrder.single(id("b"), poorWallet, merchant, 10_01, "CNY"),
                TransferOrder.single(id("a"), wallet, merchant, 30_00, "CNY"))), 409, "insufficient_funds", "amount");

        assertThat(ledger().find(id("a"))).isEmpty();
        assertThat(ledger().find(id("b"))).isEmpty();
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 0, 0, 0));
    }

    @Test
    void aLinkedCaptureOfAHoldFinishedEarlierFailsWithoutItsFee() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        String fees = merchantAccount("CNY");
        LedgerTransfer hold = ledger().transfer(TransferOrder.hold(id("auth"), wallet, merchant, 50_00, "CNY", 600));
        ledger().transfer(TransferOrder.release(id("cancel"), hold.id()));

        refused(() -> ledger().linkedBatch(List.of(
                TransferOrder.post(id("capture"), hold.id(), 50_00),
                TransferOrder.single(id("fee"), merchant, fees, 30, "CNY"))), 409, "pending_transfer_already_voided",
                "pendingId");

        assertThat(ledger().find(id("capture"))).isEmpty();
        assertThat(ledger().find(id("fee"))).isEmpty();
        assertThat(balance(fees).creditsPosted()).isZero();
        assertThat(balance(wallet)).isEqualTo(new Balance(0, 0, 0, 100_00));
    }

    @Test
    void aLinkedRefundFailingOnItsSecondTransferLeavesTheFeeReversalUndone() {
        String wallet = wallet("CNY", 100_00);
        String merchant = merchantAccount("CNY");
        String fees = merchantAccount("CNY");
        ledger().transfer(TransferOrder.single(id("pay"), wallet, merchant, 20_00, "CNY"));
        ledger().transfer(TransferOrder.single(id("fee"), merchant, fees, 12, "CNY"));

        // the shape of a refund: the fee comes back to the merchant first, then the merchant pays the customer
        refused(() -> ledger().linkedBatch(List.of(
                TransferOrder.single(id("refund.fee"), fees, merchant, 12, "CNY"),
                TransferOrder.single(id("refund"), merchant, wallet, 20_01, "CNY"))), 409, "insufficient_funds", "amount");

        assertThat(ledger().find(id("refund.fee"))).isEmpty();
        assertThat(balance(fees)).isEqualTo(new Balance(0, 0, 0, 12));
        assertThat(balance(merchant)).isEqualTo(new Balance(0, 12, 0, 20_00));
    }

    private static void refused(ThrowingCallable call, int status, String code, String param) {
        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, call);
        assertThat(e).as("refused with %s %s", status, code).isNotNull();
        assertThat(e.status()).as("status of " + e.code() + ": " + e.getMessage()).isEqualTo(status);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.param()).as(e.getMessage()).isEqualTo(param);
    }
}

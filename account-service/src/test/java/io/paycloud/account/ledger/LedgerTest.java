package io.paycloud.account.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.money.Currencies;
import io.paycloud.common.testsupport.TestTimes;

class LedgerTest extends IntegrationTest {

    @Autowired
    Ledger ledger;

    LedgerFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new LedgerFixtures(ledger);
    }

    private static ApiException problem(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }

    @Test
    void singleTransferMovesPostedMoneyBetweenAccounts() {
        String from = fx.wallet("CNY", 10_000);
        String to = fx.merchantAccount("CNY");

        Ledger.Outcome o = ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, to, 2_500, "CNY"));

        assertThat(o.created()).isTrue();
        assertThat(o.transfer().status()).isEqualTo("posted");
        assertThat(fx.balance(from).available()).isEqualTo(7_500);
        assertThat(fx.balance(to).posted()).isEqualTo(2_500);
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void overdraftIsRejectedAndNothingIsWritten() {
        String from = fx.wallet("CNY", 1_000);
        String to = fx.merchantAccount("CNY");
        String id = LedgerFixtures.id("t");

        ApiException e = problem(() -> ledger.transfer(TransferRequest.single(id, from, to, 1_001, "CNY")));

        assertThat(e.code()).isEqualTo("insufficient_funds");
        assertThat(e.status().value()).isEqualTo(409);
        assertThat(e.param()).isEqualTo("amount");
        assertThat(ledger.transfer(id)).isEmpty();
        assertThat(fx.balance(from).posted()).isEqualTo(1_000);
        assertThat(fx.balance(to).posted()).isZero();
    }

    @Test
    void replayingATransferIdWithTheSameFieldsReturnsTheRecordedTransfer() {
        String from = fx.wallet("USD", 1_000);
        String to = fx.merchantAccount("USD");
        String id = LedgerFixtures.id("t");
        Transfer first = ledger.transfer(TransferRequest.single(id, from, to, 300, "USD")).transfer();

        Ledger.Outcome replay = ledger.transfer(TransferRequest.single(id, from, to, 300, "USD"));

        assertThat(replay.created()).isFalse();
        assertThat(replay.transfer()).isEqualTo(first);
        assertThat(fx.balance(from).posted()).isEqualTo(700);
    }

    @Test
    void replayingATransferIdWithADifferentAmountIsAConflictNamingTheAmount() {
        String from = fx.wallet("USD", 1_000);
        String to = fx.merchantAccount("USD");
        String id = LedgerFixtures.id("t");
        ledger.transfer(TransferRequest.single(id, from, to, 300, "USD"));

        ApiException e = problem(() -> ledger.transfer(TransferRequest.single(id, from, to, 301, "USD")));

        assertThat(e.status().value()).isEqualTo(409);
        assertThat(e.code()).isEqualTo("transfer_exists");
        assertThat(e.param()).isEqualTo("amount");
        assertThat(fx.balance(from).posted()).isEqualTo(700);
    }

    @Test
    void replayingATransferIdWithADifferentCreditAccountNamesIt() {
        String from = fx.wallet("USD", 1_000);
        String to = fx.merchantAccount("USD");
        String other = fx.merchantAccount("USD");
        String id = LedgerFixtures.id("t");
        ledger.transfer(TransferRequest.single(id, from, to, 300, "USD"));

        ApiException e = problem(() -> ledger.transfer(TransferRequest.single(id, from, other, 300, "USD")));

        assertThat(e.code()).isEqualTo("transfer_exists");
        assertThat(e.param()).isEqualTo("creditAccountId");
    }

    @Test
    void badInputIsRejectedWithTheOffendingParameter() {
        String from = fx.wallet("CNY", 1_000);
        String to = fx.merchantAccount("CNY");
        String usd = fx.merchantAccount("USD");

        assertThat(problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, to, 0, "CNY"))).param())
                .isEqualTo("amount");
        assertThat(problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, to, -5, "CNY"))).param())
                .isEqualTo("amount");
        assertThat(problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, to,
                Currencies.MAX_AMOUNT + 1, "CNY"))).param()).isEqualTo("amount");
        assertThat(problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, from, 1, "CNY"))).param())
                .isEqualTo("creditAccountId");
        assertThat(problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, usd, 1, "CNY"))).param())
                .isEqualTo("currency");
        assertThat(problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, to, 1, "XXX"))).param())
                .isEqualTo("currency");
        ApiException missing = problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from,
                "acc_01JD2M8Q4W8Y7N3K5T6V9X0ZAB", 1, "CNY")));
        assertThat(missing.status().value()).isEqualTo(404);
        assertThat(missing.param()).isEqualTo("creditAccountId");
        assertThat(problem(() -> ledger.transfer(TransferRequest.single("bad id!", from, to, 1, "CNY"))).param())
                .isEqualTo("id");
        assertThat(fx.balance(from).posted()).isEqualTo(1_000);
        assertThat(fx.balance(to).posted()).isZero();
    }

    @Test
    void aHoldReducesAvailableAndPostingLessReleasesTheRest() {
        String from = fx.wallet("CNY", 10_000);
        String to = fx.merchantAccount("CNY");
        String hold = LedgerFixtures.id("auth");

        Transfer pending = ledger.transfer(TransferRequest.pending(hold, from, to, 6_000, "CNY", 600)).transfer();
        assertThat(pending.status()).isEqualTo("pending");
        assertThat(pending.expiresAt()).isNotNull();
        assertThat(fx.balance(from).available()).isEqualTo(4_000);
        assertThat(fx.balance(from).posted()).isEqualTo(10_000);
        assertThat(fx.balance(to).pending()).isEqualTo(6_000);

        Transfer post = ledger.transfer(TransferRequest.post(LedgerFixtures.id("cap"), hold, 4_500L)).transfer();

        assertThat(post.amount()).isEqualTo(4_500);
        assertThat(ledger.transfer(hold).orElseThrow().status()).isEqualTo("posted");
        assertThat(fx.balance(from).available()).isEqualTo(5_500);
        assertThat(fx.balance(from).debitsPending()).isZero();
        assertThat(fx.balance(to).posted()).isEqualTo(4_500);
        assertThat(fx.balance(to).pending()).isZero();
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void aHoldCannotTakeMoreThanIsAvailable() {
        String from = fx.wallet("CNY", 1_000);
        String to = fx.merchantAccount("CNY");
        ledger.transfer(TransferRequest.pending(LedgerFixtures.id("auth"), from, to, 800, "CNY", 600));

        ApiException e = problem(() -> ledger.transfer(TransferRequest.pending(LedgerFixtures.id("auth"), from, to, 201,
                "CNY", 600)));
        assertThat(e.code()).isEqualTo("insufficient_funds");
        ApiException single = problem(() -> ledger.transfer(TransferRequest.single(LedgerFixtures.id("t"), from, to, 201, "CNY")));
        assertThat(single.code()).isEqualTo("insufficient_funds");
    }

    @Test
    void postingMoreThanHeldIsRejected() {
        String from = fx.wallet("CNY", 10_000);
        String to = fx.merchantAccount("CNY");
        String hold = LedgerFixtures.id("auth");
        ledger.transfer(TransferRequest.pending(hold, from, to, 1_000, "CNY", 600));

        ApiException e = problem(() -> ledger.transfer(TransferRequest.post(LedgerFixtures.id("cap"), hold, 1_001L)));

        assertThat(e.status().value()).isEqualTo(400);
        assertThat(e.param()).isEqualTo("amount");
        assertThat(ledger.transfer(hold).orElseThrow().status()).isEqualTo("pending");
        assertThat(fx.balance(from).debitsPending()).isEqualTo(1_000);
    }

    @Test
    void postingAVoidedHoldIsRejected() {
        String from = fx.wallet("CNY", 10_000);
        String to = fx.merchantAccount("CNY");
        String hold = LedgerFixtures.id("auth");
        ledger.transfer(TransferRequest.pending(hold, from, to, 1_000, "CNY", 600));
        ledger.transfer(TransferRequest.voidPending(LedgerFixtures.id("void"), hold));
        assertThat(fx.balance(from).available()).isEqualTo(10_000);

        ApiException e = problem(() -> ledger.transfer(TransferRequest.post(LedgerFixtures.id("cap"), hold, null)));

        assertThat(e.status().value()).isEqualTo(409);
        assertThat(e.code()).isEqualTo("pending_transfer_already_voided");
        assertThat(e.param()).isEqualTo("pendingId");
        assertThat(fx.balance(to).posted()).isZero();
    }

    @Test
    void aPostedHoldCannotBePostedOrVoidedAgainButItsPostReplays() {
        String from = fx.wallet("CNY", 10_000);
        String to = fx.merchantAccount("CNY");
        String hold = LedgerFixtures.id("auth");
        String cap = LedgerFixtures.id("cap");
        ledger.transfer(TransferRequest.pending(hold, from, to, 1_000, "CNY", 600));
        ledger.transfer(TransferRequest.post(cap, hold, null));

        assertThat(problem(() -> ledger.transfer(TransferRequest.post(LedgerFixtures.id("cap"), hold, null))).code())
                .isEqualTo("pending_transfer_already_posted");
        assertThat(problem(() -> ledger.transfer(TransferRequest.voidPending(LedgerFixtures.id("void"), hold))).code())
                .isEqualTo("pending_transfer_already_posted");
        assertThat(ledger.transfer(TransferRequest.post(cap, hold, null)).created()).isFalse();
        assertThat(fx.balance(to).posted()).isEqualTo(1_000);
    }

    @Test
    void anExpiredHoldIsVoidedByTheExpiryJobAndCannotBePosted() {
        String from = fx.wallet("CNY", 10_000);
        String to = fx.merchantAccount("CNY");
        String hold = LedgerFixtures.id("auth");
        ledger.transfer(TransferRequest.pending(hold, from, to, 3_000, "CNY", 1));

        await().atMost(TestTimes.scaled(Duration.ofSeconds(10))).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.transfer(hold).orElseThrow().status().equals("expired"));

        assertThat(fx.balance(from).available()).isEqualTo(10_000);
        assertThat(fx.balance(to).pending()).isZero();
        assertThat(problem(() -> ledger.transfer(TransferRequest.post(LedgerFixtures.id("cap"), hold, null))).code())
                .isEqualTo("pending_transfer_expired");
    }

    @Test
    void aLinkedBatchIsAllOrNothing() {
        String from = fx.wallet("CNY", 1_000);
        String merchant = fx.merchantAccount("CNY");
        String fees = ledger.systemAccount(AccountType.FEES, "CNY");
        String ok1 = LedgerFixtures.id("a");
        String ok2 = LedgerFixtures.id("b");
        String tooMuch = LedgerFixtures.id("c");

        List<BatchResult> results = ledger.batch(List.of(
                TransferRequest.single(ok1, from, merchant, 600, "CNY").withLinked(true),
                TransferRequest.single(ok2, merchant, fees, 6, "CNY").withLinked(true),
                TransferRequest.single(tooMuch, from, merchant, 500, "CNY")));

        assertThat(results).extracting(BatchResult::result).containsExactly("failed", "failed", "failed");
        assertThat(results.get(2).error().code()).isEqualTo("insufficient_funds");
        assertThat(results.get(0).error().code()).isEqualTo("linked_event_failed");
        assertThat(ledger.transfer(ok1)).isEmpty();
        assertThat(ledger.transfer(ok2)).isEmpty();
        assertThat(fx.balance(from).posted()).isEqualTo(1_000);
        assertThat(fx.balance(merchant).posted()).isZero();
    }

    @Test
    void unlinkedTransfersOfABatchSucceedOrFailAlone() {
        String from = fx.wallet("CNY", 1_000);
        String merchant = fx.merchantAccount("CNY");

        List<BatchResult> results = ledger.batch(List.of(
                TransferRequest.single(LedgerFixtures.id("a"), from, merchant, 600, "CNY"),
                TransferRequest.single(LedgerFixtures.id("b"), from, merchant, 600, "CNY"),
                TransferRequest.single(LedgerFixtures.id("c"), from, merchant, 400, "CNY")));

        assertThat(results).extracting(BatchResult::result).containsExactly("created", "failed", "created");
        assertThat(fx.balance(from).posted()).isZero();
        assertThat(fx.balance(merchant).posted()).isEqualTo(1_000);
    }

    @Test
    void aBatchEndingInAnOpenChainFailsThatChain() {
        String from = fx.wallet("CNY", 1_000);
        String merchant = fx.merchantAccount("CNY");

        List<BatchResult> results = ledger.batch(List.of(
                TransferRequest.single(LedgerFixtures.id("a"), from, merchant, 100, "CNY"),
                TransferRequest.single(LedgerFixtures.id("b"), from, merchant, 100, "CNY").withLinked(true)));

        assertThat(results).extracting(BatchResult::result).containsExactly("created", "failed");
        assertThat(results.get(1).error().code()).isEqualTo("linked_event_chain_open");
    }

    @Test
    void aHoldAndItsCaptureWithFeeCanBeOneLinkedBatch() {
        String payer = fx.wallet("CNY", 10_000);
        String merchant = fx.merchantAccount("CNY");
        String fees = ledger.systemAccount(AccountType.FEES, "CNY");
        String hold = LedgerFixtures.id("auth");
        ledger.transfer(TransferRequest.pending(hold, payer, merchant, 5_000, "CNY", 600));

        List<BatchResult> results = ledger.batch(List.of(
                TransferRequest.post(LedgerFixtures.id("cap"), hold, 5_000L).withLinked(true),
                TransferRequest.single(LedgerFixtures.id("fee"), merchant, fees, 30, "CNY")));

        assertThat(results).extracting(BatchResult::result).containsExactly("created", "created");
        assertThat(fx.balance(merchant).posted()).isEqualTo(4_970);
        assertThat(fx.balance(payer).posted()).isEqualTo(5_000);
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void aLargeBatchIsRecordedInOneGo() {
        String from = fx.wallet("EUR", 1_000_000);
        String merchant = fx.merchantAccount("EUR");
        List<TransferRequest> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(TransferRequest.single(LedgerFixtures.id("bulk"), from, merchant, 1, "EUR"));
        }

        List<BatchResult> results = ledger.batch(batch);

        assertThat(results).allMatch(r -> r.result().equals("created"));
        assertThat(fx.balance(merchant).posted()).isEqualTo(2_000);
        assertThat(ledger.batch(batch)).allMatch(r -> r.result().equals("exists"));
        assertThat(fx.balance(merchant).posted()).isEqualTo(2_000);
    }

    @Test
    void earlierTransfersOfABatchSurviveALaterChainsRollback() {
        String from = fx.wallet("CNY", 1_000);
        String merchant = fx.merchantAccount("CNY");
        String a = LedgerFixtures.id("a");
        String d = LedgerFixtures.id("d");

        List<BatchResult> results = ledger.batch(List.of(
                TransferRequest.single(a, from, merchant, 100, "CNY"),
                TransferRequest.single(LedgerFixtures.id("b"), from, merchant, 100, "CNY").withLinked(true),
                TransferRequest.single(LedgerFixtures.id("c"), from, merchant, 5_000, "CNY"),
                TransferRequest.single(d, from, merchant, 100, "CNY")));

        assertThat(results).extracting(BatchResult::result).containsExactly("created", "failed", "failed", "created");
        assertThat(ledger.transfer(a)).isPresent();
        assertThat(ledger.transfer(d)).isPresent();
        assertThat(fx.balance(merchant).posted()).isEqualTo(200);
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void aFailedChainGivesBackWhatItTookBeforeTheNextChainRuns() {
        String from = fx.wallet("CNY", 1_000);
        String empty = fx.wallet("CNY", 0);
        String merchant = fx.merchantAccount("CNY");
        String hold = LedgerFixtures.id("h");
        ledger.transfer(TransferRequest.pending(hold, from, merchant, 300, "CNY", 600));
        String all = LedgerFixtures.id("all");
        String release = LedgerFixtures.id("void");

        List<BatchResult> results = ledger.batch(List.of(
                // takes 600 of the 700 left and posts the hold, then fails on another account: all of it undone
                TransferRequest.single(LedgerFixtures.id("a"), from, merchant, 600, "CNY").withLinked(true),
                TransferRequest.post(LedgerFixtures.id("p"), hold, 300L).withLinked(true),
                TransferRequest.single(LedgerFixtures.id("b"), empty, merchant, 10, "CNY"),
                // possible only if the chain's debit was given back
                TransferRequest.single(all, from, merchant, 700, "CNY"),
                // possible only if the hold is pending again
                TransferRequest.voidPending(release, hold)));

        assertThat(results).extracting(BatchResult::result)
                .containsExactly("failed", "failed", "failed", "created", "created");
        assertThat(results.get(2).error().code()).isEqualTo("insufficient_funds");
        assertThat(ledger.transfer(hold).orElseThrow().status()).isEqualTo("voided");
        assertThat(fx.balance(from).posted()).isEqualTo(300);
        assertThat(fx.balance(from).available()).isEqualTo(300);
        assertThat(fx.balance(merchant).posted()).isEqualTo(700);
        assertThat(fx.balance(empty).posted()).isZero();
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void aHoldCanBeCreatedAndResolvedInTheSameBatch() {
        String from = fx.wallet("CNY", 10_000);
        String merchant = fx.merchantAccount("CNY");
        String h1 = LedgerFixtures.id("h1");
        String h2 = LedgerFixtures.id("h2");
        String single = LedgerFixtures.id("s");

        List<BatchResult> results = ledger.batch(List.of(
                TransferRequest.single(single, from, merchant, 10, "CNY"),
                TransferRequest.pending(h1, from, merchant, 1_000, "CNY", 600).withLinked(true),
                TransferRequest.post(LedgerFixtures.id("p1"), h1, 700L),
                TransferRequest.pending(h2, from, merchant, 2_000, "CNY", 600),
                TransferRequest.post(LedgerFixtures.id("p2"), h2, 2_001L)));

        assertThat(results).extracting(BatchResult::result).containsExactly("created", "created", "created", "created", "failed");
        assertThat(results.get(4).error().param()).isEqualTo("amount");
        assertThat(ledger.transfer(single)).isPresent();
        assertThat(ledger.transfer(h1).orElseThrow().status()).isEqualTo("posted");
        assertThat(ledger.transfer(h2).orElseThrow().status()).isEqualTo("pending");
        assertThat(fx.balance(merchant).posted()).isEqualTo(710);
        assertThat(fx.balance(from).available()).isEqualTo(10_000 - 710 - 2_000);
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void aBatchLargerThanTheLimitIsRejected() {
        List<TransferRequest> batch = new ArrayList<>();
        for (int i = 0; i < 8_191; i++) {
            batch.add(TransferRequest.single("x" + i, "acc_a", "acc_b", 1, "EUR"));
        }
        assertThatThrownBy(() -> ledger.batch(batch)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).param()).isEqualTo("transfers");
    }
}

package io.paycloud.account.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.testsupport.TestTimes;

/**
 * Many threads moving money at once. On MariaDB (as in CI) this is where lost updates, overdrafts
 * and deadlocks would show: the totals must come out exact.
 */
class LedgerConcurrencyTest extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(LedgerConcurrencyTest.class);
    private static final int THREADS = 16;

    @Autowired
    Ledger ledger;

    @Autowired
    javax.sql.DataSource dataSource;

    LedgerFixtures fx;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        fx = new LedgerFixtures(ledger);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on every thread at once and rethrows the first unexpected failure. */
    private void together(int threads, ThrowingRunnable work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                work.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(TestTimes.scaledMillis(120_000), TimeUnit.MILLISECONDS);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void manyWalletsPayingOneMerchantWhileOthersTradeLoseNoMoneyAndOverdrawNothing() throws Exception {
        int wallets = 24;
        long walletStart = 20_000;
        List<String> payers = new ArrayList<>();
        for (int i = 0; i < wallets; i++) {
            payers.add(fx.wallet("CNY", walletStart));
        }
        List<String> ring = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ring.add(fx.wallet("CNY", 3_000));
        }
        String merchant = fx.merchantAccount("CNY");
        Map<String, AtomicLong> spent = new ConcurrentHashMap<>();
        payers.forEach(p -> spent.put(p, new AtomicLong()));
        AtomicLong intoMerchant = new AtomicLong();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int opsPerThread = onMySqlFamily() ? 150 : 80;
        long t0 = System.nanoTime();

        together(THREADS, () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < opsPerThread; i++) {
                try {
                    int op = rnd.nextInt(10);
                    if (op < 4) {
                        String payer = payers.get(rnd.nextInt(wallets));
                        long amount = rnd.nextLong(1, 900);
                        ledger.transfer(TransferRequest.single(LedgerFixtures.id("pay"), payer, merchant, amount, "CNY"));
                        spent.get(payer).addAndGet(amount);
                        intoMerchant.addAndGet(amount);
                    } else if (op < 7) {
                        String payer = payers.get(rnd.nextInt(wallets));
                        long amount = rnd.nextLong(2, 900);
                        String hold = LedgerFixtures.id("auth");
                        ledger.transfer(TransferRequest.pending(hold, payer, merchant, amount, "CNY", 600));
                        if (rnd.nextBoolean()) {
                            long captured = rnd.nextLong(1, amount + 1);
                            ledger.transfer(TransferRequest.post(hold + ".cap", hold, captured));
                            spent.get(payer).addAndGet(captured);
                            intoMerchant.addAndGet(captured);
                        } else {
                            ledger.transfer(TransferRequest.voidPending(hold + ".void", hold));
                        }
                    } else {
                        int a = rnd.nextInt(ring.size());
                        int b = (a + 1 + rnd.nextInt(ring.size() - 1)) % ring.size();
                        ledger.transfer(TransferRequest.single(LedgerFixtures.id("ring"), ring.get(a), ring.get(b),
                                rnd.nextLong(1, 1_500), "CNY"));
                    }
                    ok.incrementAndGet();
                } catch (ApiException e) {
                    assertThat(e.code()).isEqualTo("insufficient_funds");
                    refused.incrementAndGet();
                }
            }
        });

        double seconds = (System.nanoTime() - t0) / 1e9;
        log.info("[ledger-concurrency] {} threads: {} ok, {} refused for funds, in {} s ({} ops/s) on {}", THREADS, ok.get(),
                refused.get(), String.format("%.2f", seconds), Math.round((ok.get() + refused.get()) / seconds),
                onMySqlFamily() ? "MySQL family" : "H2");
        assertThat(ok.get()).isPositive();
        assertThat(fx.balance(merchant).posted()).isEqualTo(intoMerchant.get());
        assertThat(fx.balance(merchant).pending()).isZero();
        for (String p : payers) {
            AccountBalance b = fx.balance(p);
            assertThat(b.posted()).as("wallet %s", p).isEqualTo(walletStart - spent.get(p).get());
            assertThat(b.debitsPending()).isZero();
            assertThat(b.available()).isNotNegative();
        }
        long ringTotal = 0;
        for (String r : ring) {
            AccountBalance b = fx.balance(r);
            assertThat(b.available()).isNotNegative();
            ringTotal += b.posted();
        }
        assertThat(ringTotal).isEqualTo(6 * 3_000);
        AuditReport audit = ledger.audit();
        assertThat(audit.accountsPastLimit()).isEmpty();
        assertThat(audit.ok()).isTrue();
    }

    @Test
    void aWalletDrainedFromManyThreadsAtOnceNeverGoesBelowZero() throws Exception {
        String wallet = fx.wallet("USD", 10_000);
        String merchant = fx.merchantAccount("USD");
        AtomicLong moved = new AtomicLong();

        together(THREADS, () -> {
            for (int i = 0; i < 20; i++) {
                try {
                    ledger.transfer(TransferRequest.single(LedgerFixtures.id("drain"), wallet, merchant, 70, "USD"));
                    moved.addAndGet(70);
                } catch (ApiException e) {
                    assertThat(e.code()).isEqualTo("insufficient_funds");
                }
            }
        });

        assertThat(moved.get()).isEqualTo(10_000 / 70 * 70);
        assertThat(fx.balance(wallet).posted()).isEqualTo(10_000 - moved.get());
        assertThat(fx.balance(merchant).posted()).isEqualTo(moved.get());
    }

    @Test
    void concurrentReplaysOfOneTransferIdCreateItOnce() throws Exception {
        String wallet = fx.wallet("EUR", 1_000_000);
        String merchant = fx.merchantAccount("EUR");
        for (int round = 0; round < 10; round++) {
            String id = LedgerFixtures.id("same");
            AtomicInteger created = new AtomicInteger();
            AtomicInteger replayed = new AtomicInteger();
            together(THREADS, () -> {
                Ledger.Outcome o = ledger.transfer(TransferRequest.single(id, wallet, merchant, 1_000, "EUR"));
                (o.created() ? created : replayed).incrementAndGet();
            });
            assertThat(created.get()).isEqualTo(1);
            assertThat(replayed.get()).isEqualTo(THREADS - 1);
        }
        assertThat(fx.balance(merchant).posted()).isEqualTo(10 * 1_000);
        assertThat(fx.balance(wallet).posted()).isEqualTo(1_000_000 - 10 * 1_000);
    }

    @Test
    void racingPostsAndVoidsOfOneHoldResolveItExactlyOnce() throws Exception {
        String wallet = fx.wallet("JPY", 100_000);
        String merchant = fx.merchantAccount("JPY");
        for (int round = 0; round < 10; round++) {
            String hold = LedgerFixtures.id("auth");
            ledger.transfer(TransferRequest.pending(hold, wallet, merchant, 1_000, "JPY", 600));
            AtomicInteger winners = new AtomicInteger();
            AtomicReference<String> winner = new AtomicReference<>();
            AtomicInteger n = new AtomicInteger();
            together(8, () -> {
                int me = n.incrementAndGet();
                try {
                    if (me % 2 == 0) {
                        ledger.transfer(TransferRequest.post(hold + ".p" + me, hold, 400L));
                        winner.set("post");
                    } else {
                        ledger.transfer(TransferRequest.voidPending(hold + ".v" + me, hold));
                        winner.set("void");
                    }
                    winners.incrementAndGet();
                } catch (ApiException e) {
                    assertThat(e.code()).startsWith("pending_transfer_already_");
                }
            });
            assertThat(winners.get()).isEqualTo(1);
            assertThat(ledger.transfer(hold).orElseThrow().status()).isEqualTo(winner.get().equals("post") ? "posted" : "voided");
        }
        AccountBalance w = fx.balance(wallet);
        assertThat(w.debitsPending()).isZero();
        assertThat(w.posted() + fx.balance(merchant).posted()).isEqualTo(100_000);
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void linkedBatchesCrossingTheSameAccountsInOppositeOrdersAllComplete() throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accounts.add(fx.wallet("GBP", 50_000));
        }
        AtomicInteger chains = new AtomicInteger();

        together(8, () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int b = 0; b < 6; b++) {
                List<TransferRequest> batch = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int from = rnd.nextInt(accounts.size());
                    int to = (from + 1 + rnd.nextInt(accounts.size() - 1)) % accounts.size();
                    batch.add(TransferRequest.single(LedgerFixtures.id("bx"), accounts.get(from), accounts.get(to),
                            rnd.nextLong(1, 500), "GBP").withLinked(i % 4 != 3));
                }
                List<BatchResult> results = ledger.batch(batch);
                assertThat(results).hasSize(40);
                chains.addAndGet((int) results.stream().filter(r -> r.result().equals("created")).count() / 4);
            }
        });

        assertThat(chains.get()).isPositive();
        long total = accounts.stream().mapToLong(a -> fx.balance(a).posted()).sum();
        assertThat(total).isEqualTo(8 * 50_000);
        assertThat(ledger.audit().ok()).isTrue();
    }

    @Test
    void aBusyMerchantAccountDoesNotHoldUpTransfersBetweenOtherAccounts() throws Exception {
        String payer = fx.wallet("CNY", 10_000);
        String merchant = fx.merchantAccount("CNY");
        String a = fx.wallet("CNY", 10_000);
        String b = fx.wallet("CNY", 0);
        try (java.sql.Connection busy = dataSource.getConnection()) {
            // another transaction sits on the merchant account's row, as a long payment would
            busy.setAutoCommit(false);
            try (java.sql.PreparedStatement lock = busy.prepareStatement("SELECT id FROM account WHERE id = ? FOR UPDATE")) {
                lock.setString(1, merchant);
                lock.executeQuery().close();
            }
            Future<?> intoMerchant = pool.submit(() -> ledger.transfer(
                    TransferRequest.single(LedgerFixtures.id("pay"), payer, merchant, 100, "CNY")));

            long t0 = System.nanoTime();
            ledger.transfer(TransferRequest.single(LedgerFixtures.id("p2p"), a, b, 100, "CNY"));
            long unrelatedMillis = (System.nanoTime() - t0) / 1_000_000;

            // blocked behind the lock it would wait for the database's lock timeout (50 s on MariaDB)
            assertThat(unrelatedMillis).isLessThan(TestTimes.scaledMillis(500));
            Thread.sleep(200);
            assertThat(intoMerchant).isNotDone();
            busy.rollback();
            intoMerchant.get(TestTimes.scaledMillis(10_000), TimeUnit.MILLISECONDS);
        }
        assertThat(fx.balance(merchant).posted()).isEqualTo(100);
        assertThat(fx.balance(b).posted()).isEqualTo(100);
    }
}

package io.paycloud.account.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.testsupport.TestInfrastructure;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of deposits, transfers, holds, posts, voids and replays, run against the real
 * ledger (on the test database) and against a few lines of in-memory arithmetic that obviously follow
 * TigerBeetle's rules. Every outcome (accepted or refused) and every balance must agree.
 */
class LedgerModelPropertyTest {

    private static final int ACCOUNTS = 4;
    private static final Ledger LEDGER = ledger();

    private static Ledger ledger() {
        TestInfrastructure.Database db = TestInfrastructure.database("ledger_model");
        DataSource ds = new SimpleDriverDataSource(driver(db.url()), db.url(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        LedgerProperties props = new LedgerProperties(Duration.ofDays(7), Duration.ofDays(30), Duration.ofSeconds(5), 500, 8190);
        LedgerStore store = new LedgerStore(new JdbcTemplate(ds));
        new SystemAccounts(store, Clock.systemUTC()).afterSingletonsInstantiated();
        return new Ledger(store, new JdbcTransactionManager(ds), Clock.systemUTC(), props);
    }

    private static java.sql.Driver driver(String url) {
        try {
            return java.sql.DriverManager.getDriver(url);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One step: which kind, two account indexes, an amount, and which earlier hold it refers to. */
    record Op(int kind, int a, int b, long amount, int hold) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, ACCOUNTS - 1),
                Arbitraries.integers().between(0, ACCOUNTS - 1), // coarse amounts, so that spending exactly the balance and posting exactly the hold happen often
                Arbitraries.longs().between(1, 12).map(x -> x * 100),
                Arbitraries.integers().between(0, 20)).as(Op::new);
        return op.list().ofMaxSize(40);
    }

    /** The model: TigerBeetle's four counters per account, the wallet limit, and hold states. */
    static final class Model {
        final long[] dp = new long[ACCOUNTS];
        final long[] dpo = new long[ACCOUNTS];
        final long[] cp = new long[ACCOUNTS];
        final long[] cpo = new long[ACCOUNTS];
        final List<long[]> holds = new ArrayList<>(); // {debit, credit, amount, state 0 pending 1 resolved}

        boolean canDebit(int account, long amount) {
            return dp[account] + dpo[account] + amount <= cpo[account];
        }
    }

    @Property(tries = 40)
    void theLedgerAgreesWithASimpleModel(@ForAll("ops") @Size(max = 40) List<Op> ops) {
        String currency = "HKD";
        String funding = LEDGER.systemAccount(AccountType.FUNDING, currency);
        List<String> acc = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            acc.add(LEDGER.openAccount(AccountType.WALLET, currency, "mer_model", null));
        }
        Model m = new Model();
        List<String> holdIds = new ArrayList<>();
        List<TransferRequest> done = new ArrayList<>();
        Map<String, Long> fundingModel = new HashMap<>();
        fundingModel.put("debits", 0L);

        for (Op op : ops) {
            String id = LedgerFixtures.id("m");
            switch (op.kind()) {
                case 0 -> { // deposit from funding (no limit on funding's debit side)
                    TransferRequest r = TransferRequest.single(id, funding, acc.get(op.a()), op.amount(), currency);
                    LEDGER.transfer(r);
                    done.add(r);
                    m.cpo[op.a()] += op.amount();
                }
                case 1 -> { // single transfer between wallets
                    if (op.a() == op.b()) {
                        continue;
                    }
                    TransferRequest r = TransferRequest.single(id, acc.get(op.a()), acc.get(op.b()), op.amount(), currency);
                    boolean expected = m.canDebit(op.a(), op.amount());
                    assertThat(accepted(r)).isEqualTo(expected);
                    if (expected) {
                        done.add(r);
                        m.dpo[op.a()] += op.amount();
                        m.cpo[op.b()] += op.amount();
                    }
                }
                case 2 -> { // hold
                    if (op.a() == op.b()) {
                        continue;
                    }
                    TransferRequest r = TransferRequest.pending(id, acc.get(op.a()), acc.get(op.b()), op.amount(), currency, 3_600);
                    boolean expected = m.canDebit(op.a(), op.amount());
                    assertThat(accepted(r)).isEqualTo(expected);
                    if (expected) {
                        done.add(r);
                        holdIds.add(id);
                        m.holds.add(new long[] {op.a(), op.b(), op.amount(), 0});
                        m.dp[op.a()] += op.amount();
                        m.cp[op.b()] += op.amount();
                    }
                }
                case 3, 4 -> { // post (for an amount that may exceed the hold) or void
                    if (holdIds.isEmpty()) {
                        continue;
                    }
                    int h = op.hold() % holdIds.size();
                    long[] hold = m.holds.get(h);
                    boolean post = op.kind() == 3;
                    long amount = post ? Math.min(op.amount(), hold[2] + 1) : hold[2];
                    TransferRequest r = post ? TransferRequest.post(id, holdIds.get(h), amount)
                            : TransferRequest.voidPending(id, holdIds.get(h));
                    boolean expected = hold[3] == 0 && amount <= hold[2];
                    assertThat(accepted(r)).isEqualTo(expected);
                    if (expected) {
                        done.add(r);
                        hold[3] = 1;
                        int d = (int) hold[0];
                        int c = (int) hold[1];
                        m.dp[d] -= hold[2];
                        m.cp[c] -= hold[2];
                        if (post) {
                            m.dpo[d] += amount;
                            m.cpo[c] += amount;
                        }
                    }
                }
                default -> { // replay an earlier accepted transfer: recorded once, nothing moves
                    if (done.isEmpty()) {
                        continue;
                    }
                    TransferRequest earlier = done.get(op.hold() % done.size());
                    assertThat(LEDGER.transfer(earlier).created()).isFalse();
                }
            }
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountBalance b = LEDGER.account(acc.get(i)).orElseThrow();
            assertThat(new long[] {b.debitsPending(), b.debitsPosted(), b.creditsPending(), b.creditsPosted()})
                    .as("account %d", i).containsExactly(m.dp[i], m.dpo[i], m.cp[i], m.cpo[i]);
            assertThat(b.available()).isNotNegative();
        }
        assertThat(LEDGER.audit().ok()).isTrue();
    }

    private static boolean accepted(TransferRequest r) {
        try {
            return LEDGER.transfer(r).created();
        } catch (ApiException e) {
            assertThat(e.code()).isIn("insufficient_funds", "parameter_invalid", "pending_transfer_already_posted",
                    "pending_transfer_already_voided");
            return false;
        }
    }
}

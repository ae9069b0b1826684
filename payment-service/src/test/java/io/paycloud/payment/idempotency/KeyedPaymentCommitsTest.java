package io.paycloud.payment.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MvcResult;

import io.paycloud.common.crypto.FieldCipher;
import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.FakeLedger;

/**
 * A keyed payment records its {@code Idempotency-Key} in its own transactions: counted at the JDBC
 * driver (every {@code commit()} and every write run in autocommit), a confirmed automatic payment
 * commits twice in payment-service, a payment written once commits once, and a replay commits nothing
 * and answers exactly the stored first answer.
 */
@Import(KeyedPaymentCommitsTest.Counting.class)
class KeyedPaymentCommitsTest extends PaymentTestSupport {

    @Autowired
    FieldCipher cipher;

    @Autowired
    Commits commits;

    @Test
    void aKeyedConfirmedPaymentCommitsTwiceAndItsReplayNever() throws Exception {
        World w = world(100_00, 60);
        String body = "{\"amount\":1500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        commits.start();
        MvcResult first = postJson(w.merchant(), "/v1/payments", body, "commits-1");
        assertThat(commits.stop()).as("commits of a keyed confirmed payment").isEqualTo(2);
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(first).path("status").asString()).isEqualTo("succeeded");
        assertStored(w, "commits-1", first);

        commits.start();
        MvcResult replay = postJson(w.merchant(), "/v1/payments", body, "commits-1");
        assertThat(commits.stop()).as("commits of a replay").isZero();
        assertThat(replay.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.getResponse().getContentAsString()).isEqualTo(first.getResponse().getContentAsString());
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 15_00);
    }

    @Test
    void aKeyedPaymentWrittenOnceCommitsOnce() throws Exception {
        World w = world(100_00, 60);
        commits.start();
        MvcResult created = postJson(w.merchant(), "/v1/payments",
                "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\"}", "commits-2");
        assertThat(commits.stop()).as("commits of a keyed payment awaiting confirmation").isEqualTo(1);
        assertThat(body(created).path("status").asString()).isEqualTo("requires_confirmation");
        assertStored(w, "commits-2", created);

        risk.block("customer", w.customer());
        commits.start();
        MvcResult declined = postJson(w.merchant(), "/v1/payments",
                "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}", "commits-3");
        assertThat(commits.stop()).as("commits of a keyed declined payment").isEqualTo(1);
        assertThat(body(declined).path("status").asString()).isEqualTo("failed");
        assertStored(w, "commits-3", declined);
    }

    @Test
    void aRefusedKeyedRequestIsStoredInOneCommitAndAFailedOneNotAtAll() throws Exception {
        World w = world(100_00, 60);
        String unknownCustomer = "{\"amount\":500,\"currency\":\"CNY\",\"customer\":\"cus_00000000000000000000000000\"}";
        commits.start();
        MvcResult missing = postJson(w.merchant(), "/v1/payments", unknownCustomer, "commits-4");
        assertThat(commits.stop()).isEqualTo(1);
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertStored(w, "commits-4", missing);
        MvcResult again = postJson(w.merchant(), "/v1/payments", unknownCustomer, "commits-4");
        assertThat(again.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.getResponse().getStatus()).isEqualTo(404);

        // the ledger down after the payment's first write: the key's in-flight record goes with the 503
        String body = "{\"amount\":700,\"currency\":\"CNY\",\"customer\":\"" + w.customer() + "\",\"confirm\":true}";
        ledger.failNext(FakeLedger.Fault.UNAVAILABLE);
        MvcResult down = postJson(w.merchant(), "/v1/payments", body, "commits-5");
        assertThat(down.getResponse().getStatus()).isEqualTo(503);
        assertThat(records(w, "commits-5")).isZero();
        MvcResult retried = postJson(w.merchant(), "/v1/payments", body, "commits-5");
        assertThat(retried.getResponse().getStatus()).isEqualTo(201);
        assertThat(retried.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(retried).path("status").asString()).isEqualTo("succeeded");
        assertStored(w, "commits-5", retried);
        assertThat(ledger.account(w.wallet()).available()).isEqualTo(100_00 - 7_00);
    }

    private void assertStored(World w, String key, MvcResult answer) throws Exception {
        var row = jdbc.sql("SELECT state, response_status, response_body FROM idempotency_record"
                + " WHERE merchant_id = ? AND idempotency_key = ?").params("merchant:" + w.merchant(), key)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)}).single();
        assertThat(row[0]).isEqualTo("done");
        assertThat(row[1]).isEqualTo(answer.getResponse().getStatus());
        // sealed at rest, bound to its scope and key
        assertThat((String) row[2]).startsWith("v1:");
        assertThat(cipher.open((String) row[2], IdempotencyStore.associatedData("merchant:" + w.merchant(), key)))
                .isEqualTo(answer.getResponse().getContentAsString());
    }

    private long records(World w, String key) {
        return jdbc.sql("SELECT COUNT(*) FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ?")
                .params("merchant:" + w.merchant(), key).query(Long.class).single();
    }

    /** Commits made by one thread at the JDBC driver: {@code commit()} calls and writes in autocommit. */
    static final class Commits {

        private final AtomicInteger count = new AtomicInteger();
        private volatile Thread counted;

        void start() {
            count.set(0);
            counted = Thread.currentThread();
        }

        int stop() {
            counted = null;
            return count.get();
        }

        void add() {
            if (Thread.currentThread() == counted) {
                count.incrementAndGet();
            }
        }
    }

    @TestConfiguration
    static class Counting {

        @Bean
        Commits commits() {
            return new Commits();
        }

        @Bean
        static BeanPostProcessor countingDataSource(org.springframework.beans.factory.ObjectProvider<Commits> commits) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DataSource target)) {
                        return bean;
                    }
                    return proxy(DataSource.class, target, (method, result) -> "getConnection".equals(method.getName())
                            ? connection((Connection) result, commits.getObject()) : result);
                }
            };
        }

        private static Connection connection(Connection target, Commits commits) {
            return proxy(Connection.class, target, (method, result) -> {
                if ("commit".equals(method.getName())) {
                    commits.add();
                }
                if (result instanceof Statement statement && method.getName().matches("createStatement|prepare.*")) {
                    Class<?> type = method.getReturnType();
                    return statement(type, statement, target, commits);
                }
                return result;
            });
        }

        private static <T> T statement(Class<T> type, Object target, Connection connection, Commits commits) {
            return proxy(type, type.cast(target), (method, result) -> {
                String name = method.getName();
                if (name.startsWith("execute") && !"executeQuery".equals(name) && connection.getAutoCommit()) {
                    commits.add();
                }
                return result;
            });
        }

        interface After {
            Object apply(Method method, Object result) throws Exception;
        }

        private static <T> T proxy(Class<T> type, T target, After after) {
            InvocationHandler handler = (self, method, args) -> {
                if ("unwrap".equals(method.getName()) && ((Class<?>) args[0]).isInstance(self)) {
                    return self;
                }
                try {
                    return after.apply(method, method.invoke(target, args));
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return type.cast(Proxy.newProxyInstance(KeyedPaymentCommitsTest.class.getClassLoader(), new Class<?>[] {type},
                    handler));
        }
    }
}

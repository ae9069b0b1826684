package io.paycloud.payment.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Commits made by one thread at the JDBC driver: {@code commit()} calls and writes in autocommit. */
public final class Commits {

    private final AtomicInteger count = new AtomicInteger();
    private volatile Thread counted;

    public void start() {
        count.set(0);
        counted = Thread.currentThread();
    }

    public int stop() {
        counted = null;
        return count.get();
    }

    void add() {
        if (Thread.currentThread() == counted) {
            count.incrementAndGet();
        }
    }

    /** Import it into a test to have its {@link Commits} bean count the data source's commits. */
    @TestConfiguration
    public static class Counting {

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
            return type.cast(Proxy.newProxyInstance(Commits.class.getClassLoader(), new Class<?>[] {type},
                    handler));
        }
    }
}

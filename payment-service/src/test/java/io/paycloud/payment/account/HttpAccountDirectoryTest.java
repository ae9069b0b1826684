package io.paycloud.payment.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpServer;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.paycloud.payment.support.OutcomeUnknownException;
import io.paycloud.payment.support.RemoteCalls;
import io.paycloud.payment.support.ServiceUnavailableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The directory's reads against a real HTTP server: a customer is found, another merchant's customer
 * is not, and an account-service that answers 5xx (an exhausted connection pool under overload) is
 * "unavailable", a 503 for the merchant, never an unknown outcome that would surface as a 500.
 */
class HttpAccountDirectoryTest {

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 200;

    HttpAccountDirectoryTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/customers/", exchange -> {
            calls.incrementAndGet();
            byte[] body = (status == 200
                    ? "{\"id\":\"cus_1\",\"merchantId\":\"mer_1\",\"accountId\":\"acc_1\",\"currency\":\"CNY\",\"kycLevel\":\"none\"}"
                    : "{\"code\":\"internal_error\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpAccountDirectory directory() {
        RemoteCalls remote = new RemoteCalls(CircuitBreakerRegistry.ofDefaults(), RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(3).waitDuration(Duration.ofMillis(1))
                .retryExceptions(OutcomeUnknownException.class, ServiceUnavailableException.class).build()),
                JsonMapper.builder().build());
        return new HttpAccountDirectory(RestClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build(),
                remote);
    }

    @Test
    void aCustomerIsFoundForItsMerchantOnly() {
        HttpAccountDirectory directory = directory();
        assertThat(directory.customer("mer_1", "cus_1")).hasValueSatisfying(c -> assertThat(c.accountId()).isEqualTo("acc_1"));
        assertThat(directory.customer("mer_2", "cus_1")).isEmpty();
    }

    @Test
    void aFailingAccountServiceIsUnavailableNotAnUnknownOutcome() {
        status = 500;
        assertThatThrownBy(() -> directory().customer("mer_1", "cus_1")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(calls.get()).as("a read is retried").isEqualTo(3);
    }
}

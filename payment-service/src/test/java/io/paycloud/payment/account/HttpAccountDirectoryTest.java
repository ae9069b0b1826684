package io.paycloud.payment.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.payment.support.ScriptedServer;
import io.paycloud.payment.support.ScriptedServer.Answer;
import io.paycloud.common.client.ServiceUnavailableException;
import io.paycloud.payment.support.TestRemoteCalls;

/**
 * The directory's reads against an account-service that misbehaves on the wire. A read changes nothing,
 * so it is retried, and an answer that does not come or cannot be read (late, cut off, not JSON, a 5xx
 * from an exhausted connection pool) makes account-service "unavailable": a 503 for the merchant, never
 * an unknown outcome that would surface as a 500. A refusal is passed on as it came, sent once; a missing
 * customer is "not found", the same as another merchant's.
 */
class HttpAccountDirectoryTest {

    /** Generous: a first call in a cold JVM on a busy machine must not time out where a timeout is not the subject. */
    private static final Duration READ_TIMEOUT = TestTimes.scaled(Duration.ofSeconds(5));
    /** Where a late answer is the subject. */
    private static final Duration SHORT_READ_TIMEOUT = TestTimes.scaled(Duration.ofMillis(300));
    private static final String CUSTOMER = "{\"id\":\"cus_1\",\"merchantId\":\"mer_1\",\"accountId\":\"acc_1\","
            + "\"currency\":\"CNY\",\"kycLevel\":\"none\",\"email\":null,\"name\":\"Ann\"}";

    private final ScriptedServer accountServer;
    private final HttpAccountDirectory directory;

    HttpAccountDirectoryTest() throws IOException {
        accountServer = new ScriptedServer();
        directory = newDirectory();
    }

    /** A directory with breakers of its own: five failed calls in one breaker open it, which is not the subject here. */
    private HttpAccountDirectory newDirectory() {
        return newDirectory(READ_TIMEOUT);
    }

    private HttpAccountDirectory newDirectory(Duration readTimeout) {
        return new HttpAccountDirectory(accountServer.client(readTimeout), TestRemoteCalls.likeProduction());
    }

    @AfterEach
    void stop() {
        accountServer.close();
    }

    @Test
    void aCustomerIsFoundForItsMerchantOnly() {
        accountServer.answers(Answer.json(200, CUSTOMER));
        assertThat(directory.customer("mer_1", "cus_1")).contains(
                new AccountDirectory.CustomerInfo("cus_1", "mer_1", "acc_1", "CNY", "none", null));
        assertThat(directory.customer("mer_2", "cus_1")).isEmpty();
        assertThat(accountServer.requests).allSatisfy(r -> assertThat(r.path()).isEqualTo("/internal/customers/cus_1"));
    }

    @Test
    void aFailingAccountServiceIsUnavailableNotAnUnknownOutcome() {
        accountServer.answers(Answer.json(500, "{\"code\":\"internal_error\"}"));
        assertThatThrownBy(() -> directory.customer("mer_1", "cus_1")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(accountServer.requests).as("a read is retried").hasSize(3);
    }

    @Test
    void aLateAnswerIsRetriedAndThenUnavailable() {
        accountServer.answers(Answer.json(200, CUSTOMER).late(SHORT_READ_TIMEOUT.multipliedBy(4)));
        assertThatThrownBy(() -> newDirectory(SHORT_READ_TIMEOUT).customer("mer_1", "cus_1"))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(accountServer.requests).hasSize(3);

        accountServer.requests.clear();
        accountServer.answers(Answer.json(200, "{\"id\":\"mer_1\",\"feeBps\":60,\"accounts\":{\"CNY\":\"acc_m\"}}")
                .late(SHORT_READ_TIMEOUT.multipliedBy(4)));
        assertThatThrownBy(() -> newDirectory(SHORT_READ_TIMEOUT).merchant("mer_1")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(accountServer.requests).hasSize(3);
    }

    @Test
    void aCutOffAnswerIsReadAgainAndTheWholeOneIsUsed() {
        accountServer.answers(Answer.json(200, CUSTOMER).cutAfter(20), Answer.json(200, CUSTOMER).cutAfter(40),
                Answer.json(200, CUSTOMER));
        assertThat(directory.customer("mer_1", "cus_1")).hasValueSatisfying(c -> assertThat(c.accountId()).isEqualTo("acc_1"));
        assertThat(accountServer.requests).hasSize(3);

        accountServer.requests.clear();
        accountServer.answers(Answer.json(200, "{\"CNY\":{\"fees\":\"acc_fees_cny\",\"funding\":\"acc_fund\"}}").cutAfter(10));
        assertThatThrownBy(() -> newDirectory().feeAccount("CNY")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(accountServer.requests).hasSize(3);
    }

    @Test
    void anAnswerThatIsNotJsonIsUnavailable() {
        accountServer.answers(Answer.json(200, "<html>proxy error</html>"));
        assertThatThrownBy(() -> directory.customer("mer_1", "cus_1")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(accountServer.requests).hasSize(3);

        accountServer.answers(Answer.json(200, "{\"CNY\":{\"fees\":"));
        assertThatThrownBy(() -> newDirectory().feeAccount("CNY")).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void aMissingCustomerIsNotFoundAndAskedOnce() {
        accountServer.answers(Answer.json(404, "{\"status\":404,\"code\":\"resource_missing\",\"param\":\"id\","
                + "\"detail\":\"No such customer: 'cus_9'.\"}"));
        assertThat(directory.customer("mer_1", "cus_9")).isEmpty();
        assertThat(accountServer.requests).hasSize(1);
    }

    @Test
    void anyOtherRefusalIsPassedOnAsItCameAndSentOnce() {
        accountServer.answers(Answer.json(403, "{\"status\":403,\"code\":\"forbidden\",\"detail\":\"Not for this caller.\"}"));
        RemoteProblem refused = catchThrowableOfType(RemoteProblem.class, () -> directory.customer("mer_1", "cus_1"));
        assertThat(refused).as("a refusal is no 'not found'").isNotNull();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("forbidden");

        accountServer.answers(Answer.json(404, "{\"status\":404,\"code\":\"resource_missing\",\"param\":\"id\"}"));
        RemoteProblem missing = catchThrowableOfType(RemoteProblem.class, () -> directory.merchant("mer_9"));
        assertThat(missing).isNotNull();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("resource_missing");
        assertThat(accountServer.requests).as("refusals are not retried").hasSize(2);
    }

    @Test
    void aCustomerNotYetVerifiedIsAskedForEveryTimeSoItsVerificationCountsAtOnce() {
        accountServer.answers(Answer.json(200, CUSTOMER), Answer.json(200, CUSTOMER.replace("\"none\"", "\"verified\"")));
        assertThat(directory.customer("mer_1", "cus_1")).hasValueSatisfying(c -> assertThat(c.kycLevel()).isEqualTo("none"));
        assertThat(directory.customer("mer_1", "cus_1")).hasValueSatisfying(c -> assertThat(c.kycLevel()).isEqualTo("verified"));
        assertThat(accountServer.requests).hasSize(2);
    }

    @Test
    void aVerifiedCustomerIsReadOnceAndStillOnlyForItsMerchant() {
        String verified = CUSTOMER.replace("\"none\"", "\"verified\"");
        accountServer.answers(Answer.json(200, verified));
        AccountDirectory.CustomerInfo expected = new AccountDirectory.CustomerInfo("cus_1", "mer_1", "acc_1", "CNY",
                "verified", null);
        assertThat(directory.customer("mer_1", "cus_1")).contains(expected);
        assertThat(directory.customer("mer_1", "cus_1")).contains(expected);
        assertThat(directory.customer("mer_2", "cus_1")).as("another merchant's, from the cache too").isEmpty();
        assertThat(accountServer.requests).hasSize(1);

        accountServer.answers(Answer.json(200, verified.replace("cus_1", "cus_2")));
        assertThat(directory.customer("mer_1", "cus_2")).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo("cus_2"));
        assertThat(accountServer.requests).as("kept per customer").hasSize(2);
    }
}

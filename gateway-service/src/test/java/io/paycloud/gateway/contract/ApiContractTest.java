package io.paycloud.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The contract check the end-to-end test relies on fails what it must, on the committed documents. */
class ApiContractTest {

    private static final Optional<String> JSON = Optional.of("application/json");
    private static final Optional<String> PROBLEM = Optional.of("application/problem+json");
    private static final String PAYMENT = """
            {"id":"pay_01JD8X3B6Q4Z9V0E7K2M5N1T8R","amount":2500,"currency":"CNY","customer":"cus_01JD8WZ5M3K7Q2R9T4V6X8Y0A1",
             "status":"succeeded","captureMethod":"automatic","amountCapturable":0,"amountCaptured":2500,"amountRefunded":0,
             "fee":25,"description":null,"metadata":{},"failureCode":null,"failureMessage":null,"riskDecision":"approve",
             "createdAt":"2026-11-30T10:00:00Z"}""";

    private final ApiContract contract = ApiContract.committed();

    private List<String> check(String method, String path, int status, Optional<String> type, String body) {
        return contract.check(method, URI.create("http://127.0.0.1:8080" + path), status, type, body);
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertThat(check("POST", "/v1/payments", 201, Optional.of("application/json;charset=UTF-8"), PAYMENT)).isEmpty();
        assertThat(check("GET", "/v1/payments/pay_01JD8X3B6Q4Z9V0E7K2M5N1T8R", 200, JSON, PAYMENT)).isEmpty();
        assertThat(check("GET", "/v1/payments/pay_x", 404, PROBLEM, """
                {"type":"about:blank","title":"Not Found","status":404,"detail":"No such payment.","code":"resource_missing",
                 "requestId":"req_1"}""")).isEmpty();
        assertThat(contract.checkedOperations()).contains("payment-service.json POST /v1/payments 201");
    }

    @Test
    void aFieldTheDocumentDoesNotNameFails() {
        assertThat(check("POST", "/v1/payments", 201, JSON, PAYMENT.replace("\"fee\":25,", "\"fee\":25,\"secretKey\":\"sk\",")))
                .singleElement().asString().contains("secretKey");
    }

    @Test
    void aWrongTypeAValueOutsideTheEnumAndAMissingBodyFail() {
        assertThat(check("POST", "/v1/payments", 201, JSON, PAYMENT.replace("\"amount\":2500", "\"amount\":\"2500\""))).isNotEmpty();
        assertThat(check("POST", "/v1/payments", 201, JSON, PAYMENT.replace("\"status\":\"succeeded\"", "\"status\":\"paid\"")))
                .isNotEmpty();
        assertThat(check("POST", "/v1/payments", 201, JSON, PAYMENT.replace("\"description\":null", "\"description\":false")))
                .isNotEmpty();
        assertThat(check("POST", "/v1/payments", 201, JSON, "")).singleElement().asString().contains("no body");
        assertThat(check("POST", "/v1/payments", 201, JSON, "<html>")).singleElement().asString().contains("not JSON");
    }

    @Test
    void anUndocumentedStatusOrMediaTypeFails() {
        assertThat(check("POST", "/v1/payments", 200, JSON, PAYMENT)).singleElement().asString().contains("not 200");
        assertThat(check("POST", "/v1/payments", 418, PROBLEM, "{}")).isNotEmpty();
        assertThat(check("POST", "/v1/payments", 201, Optional.of("text/html"), PAYMENT)).singleElement().asString()
                .contains("text/html");
        // a 4xx answered as a plain JSON error page instead of a problem
        assertThat(check("GET", "/v1/payments/pay_x", 404, JSON, "{\"error\":\"Not Found\"}")).isNotEmpty();
    }

    @Test
    void aV1PathNoDocumentNamesFailsAndPathsOutsideTheContractAreLeftAlone() {
        assertThat(check("GET", "/v1/payouts", 200, JSON, "{}")).singleElement().asString().contains("no document names");
        // another method on a documented path: the platform's 405 is expected there, a 200 is not
        assertThat(check("PUT", "/v1/payments", 405, PROBLEM, "{}")).isEmpty();
        assertThat(check("PUT", "/v1/payments", 200, JSON, PAYMENT)).isNotEmpty();
        assertThat(check("GET", "/status/payment", 200, JSON, "{\"status\":\"UP\"}")).isEmpty();
        assertThat(contract.violations()).hasSize(2);
    }
}

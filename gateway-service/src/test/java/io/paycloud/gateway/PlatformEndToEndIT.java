package io.paycloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paycloud.client.account.model.CreateCustomerRequest;
import io.paycloud.client.account.model.CustomerResponse;
import io.paycloud.client.payment.ApiResponse;
import io.paycloud.client.payment.model.CreateEndpointRequest;
import io.paycloud.client.payment.model.CreatePaymentRequest;
import io.paycloud.client.payment.model.CreateRefundRequest;
import io.paycloud.client.payment.model.PaymentResponse;
import io.paycloud.client.payment.model.RefundResponse;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestTimes;
import io.paycloud.gateway.contract.ApiContract;
import io.paycloud.gateway.contract.MerchantApi;
import tools.jackson.databind.JsonNode;

/**
 * Boots the whole platform from the packaged jars, one process per service as in production
 * (registry, gateway and the four domain services on free ports), and drives it through the gateway.
 * Databases and Redis come from {@link TestInfrastructure}: the MariaDB/Redis named by the
 * environment in CI (profile {@code mysql}), else H2 files and an embedded Redis (profile {@code embedded}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final Logger log = LoggerFactory.getLogger(PlatformEndToEndIT.class);

    private static LocalPlatform platform;
    private static Path runDir;
    private static String profile;
    /** What the merchant flow made, for the backup test to find again after a restore. */
    private static String flowKey;
    private static final List<String> flowPayments = new ArrayList<>();
    /** Every answer through the gateway, held to the committed documents (docs/openapi). */
    private static final ApiContract contract = ApiContract.committed();

    @BeforeAll
    static void bootPlatform() throws Exception {
        platform = new LocalPlatform("e2e");
        runDir = platform.runDir;
        profile = platform.profile;
        platform.holdTo(contract);
        platform.boot();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void eurekaListsEveryClient() {
        await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> apps = LocalPlatform.get("https://localhost:" + platform.port("registry-service") + "/eureka/apps",
                    Map.of("Accept", "application/json", "Authorization", platform.registryAuthorization()));
            JsonNode list = LocalPlatform.JSON.readTree(apps.body()).path("applications").path("application");
            List<String> names = new ArrayList<>();
            list.forEach(a -> names.add(a.path("name").asString().toLowerCase()));
            assertThat(names).containsExactlyInAnyOrder("gateway-service", "account-service", "risk-service",
                    "payment-service", "analytics-service");
        });
    }

    @Test
    @Order(2)
    void everyServiceIsHealthyThroughTheGateway() {
        for (String[] svc : LocalPlatform.SERVICES.values()) {
            await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(30))).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> r = platform.gateway("/status/" + svc[0], Map.of("Request-Id", "e2e-" + svc[0]));
                assertThat(r.statusCode()).as(svc[0]).isEqualTo(200);
                assertThat(LocalPlatform.JSON.readTree(r.body()).path("status").asString()).isEqualTo("UP");
                assertThat(r.headers().firstValue("Request-Id")).contains("e2e-" + svc[0]);
            });
        }
    }

    @Test
    @Order(2)
    void actuatorAnswersTheMonitoringCredentialOnTheManagementPortOnly() throws Exception {
        for (String module : List.of("payment-service", "account-service", "risk-service", "analytics-service", "gateway-service",
                "registry-service")) {
            String base = "https://localhost:" + platform.managementPort(module) + "/actuator";
            HttpResponse<String> health = LocalPlatform.get(base + "/health", Map.of());
            assertThat(health.statusCode()).as(module).isEqualTo(200);
            assertThat(health.body()).as(module).doesNotContain("components");
            assertThat(LocalPlatform.get(base + "/prometheus", Map.of()).statusCode()).as(module).isEqualTo(401);
            // an operator's access token opens no actuator endpoint
            assertThat(LocalPlatform.get(base + "/env", Map.of("Authorization", platform.operatorAuthorization())).statusCode())
                    .as(module).isEqualTo(401);
            assertThat(LocalPlatform.get(base + "/env", Map.of("Authorization", platform.monitoringAuthorization())).statusCode())
                    .as(module).isEqualTo(200);
            // the public port serves none of it
            HttpResponse<String> main = LocalPlatform.get("https://localhost:" + platform.port(module) + "/actuator/env",
                    Map.of("Authorization", platform.monitoringAuthorization()));
            assertThat(main.statusCode()).as(module).isBetween(400, 499);
        }
    }

    @Test
    @Order(3)
    void oneSwaggerUiListsEveryServicesDocumentWithItsAuthSchemes() throws Exception {
        JsonNode config = LocalPlatform.JSON.readTree(platform.gateway("/v3/api-docs/swagger-config", Map.of()).body());
        assertThat(config.path("urls")).hasSize(4);
        for (JsonNode url : config.path("urls")) {
            HttpResponse<String> doc = platform.gateway(url.path("url").asString(), Map.of());
            assertThat(doc.statusCode()).as(url.toString()).isEqualTo(200);
            JsonNode api = LocalPlatform.JSON.readTree(doc.body());
            assertThat(api.path("components").path("securitySchemes").has("merchantKey")).isTrue();
            assertThat(api.path("components").path("securitySchemes").path("operatorToken").path("flows")
                    .path("clientCredentials").path("tokenUrl").asString()).isEqualTo("/oauth2/token");
            assertThat(api.path("components").path("securitySchemes").has("opsLogin")).isFalse();
            api.path("paths").propertyNames().forEach(path -> assertThat(path).doesNotStartWith("/internal"));
        }
        assertThat(platform.gateway("/swagger-ui.html", Map.of()).statusCode()).isIn(200, 302);
    }

    @Test
    @Order(3)
    void unknownPathIsProblemWithGeneratedRequestId() throws Exception {
        HttpResponse<String> r = platform.gateway("/nowhere", Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        String id = r.headers().firstValue("Request-Id").orElseThrow();
        assertThat(id).startsWith("req_");
        assertThat(LocalPlatform.JSON.readTree(r.body()).path("requestId").asString()).isEqualTo(id);
    }

    @Test
    @Order(4)
    void aMerchantTakesAPaymentAndRefundsItThroughTheGateway() throws Exception {
        String ops = platform.operatorAuthorization();
        JsonNode merchant = LocalPlatform.json(platform.send("POST", "/v1/merchants", ops, "{\"name\":\"E2E Tea\",\"feeBps\":100}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        String merchantAccount = merchant.path("accounts").path("CNY").asString();
        // the merchant's calls go through the client generated from the committed documents
        MerchantApi api = platform.merchant(key);
        CustomerResponse customer = api.customers.createCustomer(new CreateCustomerRequest().name("Li Lei").currency("CNY"));
        String wallet = customer.getAccountId();
        LocalPlatform.json(platform.send("POST", "/v1/accounts/" + wallet + "/deposits", ops, "{\"amount\":100000,\"currency\":\"CNY\"}", null), 201);

        CreatePaymentRequest body = new CreatePaymentRequest().amount(25000L).currency("CNY").customer(customer.getId()).confirm(true);
        ApiResponse<PaymentResponse> first = api.payments.createPaymentWithHttpInfo(body, null, null, "e2e-pay-1");
        assertThat(first.getStatusCode()).isEqualTo(201);
        PaymentResponse payment = first.getData();
        // no default rule fires for 250.00 CNY of a new customer: risk-service approves, and a risk-service that
        // cannot answer would have sent it to review (payment-service's fallback), so review fails the test here
        log.info("[e2e] payment {} is {} (risk: {})", payment.getId(), payment.getStatus(), payment.getRiskDecision());
        assertThat(payment.getRiskDecision()).as(payment.toString()).isEqualTo("approve");
        assertThat(payment.getStatus()).isEqualTo(PaymentResponse.StatusEnum.SUCCEEDED);
        assertThat(payment.getFee()).isEqualTo(250);
        ApiResponse<PaymentResponse> replay = api.payments.createPaymentWithHttpInfo(body, null, null, "e2e-pay-1");
        assertThat(replay.getHeaders().get("idempotent-replayed")).containsExactly("true");
        assertThat(replay.getStatusCode()).isEqualTo(201);
        assertThat(replay.getData().getId()).isEqualTo(payment.getId());

        // one W3C trace id, sent with a payment to the gateway, shows up in payment, risk and account logs
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        PaymentResponse traced = api.payments.createPayment(new CreatePaymentRequest().amount(700L).currency("CNY")
                .customer(customer.getId()).confirm(true), null, null, null,
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        assertThat(traced.getStatus()).as(traced.toString()).isEqualTo(PaymentResponse.StatusEnum.SUCCEEDED);
        await().atMost(TestTimes.scaled(Duration.ofSeconds(10))).untilAsserted(() -> {
            for (String module : List.of("payment-service", "risk-service", "account-service")) {
                assertThat(Files.readString(runDir.resolve("logs").resolve(module + ".log"))).as(module).contains(traceId);
            }
        });

        flowKey = key;
        flowPayments.add(payment.getId());
        flowPayments.add(traced.getId());

        RefundResponse refund = api.refunds.createRefund(new CreateRefundRequest().payment(payment.getId()).amount(5000L), null);
        assertThat(refund.getStatus()).isEqualTo(RefundResponse.StatusEnum.SUCCEEDED);

        long traceCharge = api.payments.getPayment(traced.getId()).getAmountCaptured();
        assertThat(api.accounts.getAccount(wallet).getAvailable()).isEqualTo(100000 - 25000 + 5000 - traceCharge);
        long traceFee = traceCharge == 0 ? 0 : 7; // 100 bps of 7.00
        assertThat(api.accounts.getAccount(merchantAccount).getAvailable())
                .isEqualTo(25000 - 250 - 5000 + 50 + traceCharge - traceFee);
        assertThat(api.payments.listPayments(10, null, null, customer.getId()).getData())
                .extracting(PaymentResponse::getId).containsExactlyInAnyOrder(payment.getId(), traced.getId());
        assertThat(api.refunds.listRefunds(payment.getId(), null, null).getData())
                .extracting(RefundResponse::getId).containsExactly(refund.getId());

        // another merchant's key finds none of these objects, exactly as if they did not exist
        JsonNode other = LocalPlatform.json(platform.send("POST", "/v1/merchants", ops, "{\"name\":\"Other\"}", null), 201);
        String otherKey = "Bearer " + other.path("secretKey").asString();
        String paymentId = payment.getId();
        String customerId = customer.getId();
        String endpointId = api.webhookEndpoints.createWebhookEndpoint(new CreateEndpointRequest().url("https://93.184.216.34/hooks")
                .enabledEvents(List.of("*")), null).getId();
        String[][] foreign = {
                {"GET", "/v1/customers/" + customerId, null},
                {"POST", "/v1/customers/" + customerId + "/verification", "{\"fullName\":\"Li Lei\",\"idNumber\":\"11010519491231002X\"}"},
                {"GET", "/v1/accounts/" + wallet, null},
                {"GET", "/v1/accounts/" + wallet + "/transfers", null},
                {"GET", "/v1/accounts/" + merchantAccount, null},
                {"GET", "/v1/payments/" + paymentId, null},
                {"POST", "/v1/payments/" + paymentId + "/confirm", null},
                {"POST", "/v1/payments/" + paymentId + "/capture", null},
                {"POST", "/v1/payments/" + paymentId + "/cancel", null},
                {"GET", "/v1/refunds/" + refund.getId(), null},
                {"POST", "/v1/refunds", "{\"payment\":\"" + paymentId + "\"}"},
                {"POST", "/v1/payments", "{\"amount\":100,\"currency\":\"CNY\",\"customer\":\"" + customerId + "\"}"},
                {"GET", "/v1/webhook-endpoints/" + endpointId + "/deliveries", null},
                {"DELETE", "/v1/webhook-endpoints/" + endpointId, null}};
        for (String[] call : foreign) {
            HttpResponse<String> r = platform.send(call[0], call[1], otherKey, call[2], null);
            assertThat(r.statusCode()).as(call[0] + " " + call[1] + " -> " + r.body()).isEqualTo(404);
            assertThat(LocalPlatform.JSON.readTree(r.body()).path("code").asString()).isEqualTo("resource_missing");
        }
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/payments", otherKey, null, null), 200).path("data")).isEmpty();
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/events?limit=100", otherKey, null, null), 200).path("data")).isEmpty();
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/refunds?payment=" + paymentId, otherKey, null, null), 200).path("data")).isEmpty();
        // nothing those calls tried was done
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/payments/" + paymentId, key, null, null), 200).path("amountRefunded").asLong())
                .isEqualTo(5000);
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/customers/" + customerId, key, null, null), 200).path("kycLevel").asString())
                .isEqualTo("none");

        // no key, or a wrong one, opens no merchant endpoint; a merchant key opens no ops endpoint
        for (String[] call : foreign) {
            assertThat(platform.send(call[0], call[1], null, call[2], null).statusCode()).as(call[1]).isEqualTo(401);
            assertThat(platform.send(call[0], call[1], "Bearer sk_test_wrong", call[2], null).statusCode()).as(call[1]).isEqualTo(401);
        }
        assertThat(platform.send("POST", "/v1/merchants", key, "{\"name\":\"x\"}", null).statusCode()).isEqualTo(403);
        assertThat(platform.send("POST", "/v1/accounts/" + wallet + "/deposits", key, "{\"amount\":1,\"currency\":\"CNY\"}", null)
                .statusCode()).isEqualTo(403);
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/accounts/" + wallet, key, null, null), 200).path("available").asLong())
                .isEqualTo(100000 - 25000 + 5000 - traceCharge);

        // the ledger balances: asked straight from account-service, signed as a platform service
        String service = platform.serviceToken("analytics-service", "account-service");
        HttpResponse<String> audit = LocalPlatform.get("https://localhost:" + platform.port("account-service") + "/internal/audit",
                Map.of("Authorization", service));
        assertThat(audit.statusCode()).isEqualTo(200);
        log.info("[e2e] ledger audit: {}", audit.body());
        assertThat(LocalPlatform.JSON.readTree(audit.body()).path("ok").asBoolean()).as(audit.body()).isTrue();
    }

    @Test
    @Order(4)
    void riskServiceItselfSendsTheEleventhPaymentOfAMinuteToReviewWithItsRule() throws Exception {
        String ops = platform.operatorAuthorization();
        JsonNode merchant = LocalPlatform.json(platform.send("POST", "/v1/merchants", ops, "{\"name\":\"Velocity Tea\"}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        MerchantApi api = platform.merchant(key);
        CustomerResponse customer = api.customers.createCustomer(new CreateCustomerRequest().name("Han Meimei").currency("CNY"));
        LocalPlatform.json(platform.send("POST", "/v1/accounts/" + customer.getAccountId() + "/deposits", ops,
                "{\"amount\":10000,\"currency\":\"CNY\"}", null), 201);
        CreatePaymentRequest body = new CreatePaymentRequest().amount(100L).currency("CNY").customer(customer.getId()).confirm(true);
        double approvedBefore = assessments("approve");
        double reviewedBefore = assessments("review");

        // the default rule rule_..16: more than 10 payments per customer within 60 s are reviewed
        long t0 = System.nanoTime();
        for (int i = 1; i <= 10; i++) {
            PaymentResponse p = api.payments.createPayment(body, null, null, null);
            assertThat(p.getRiskDecision()).as("payment " + i + ": " + p).isEqualTo("approve");
            assertThat(p.getStatus()).as("payment " + i).isEqualTo(PaymentResponse.StatusEnum.SUCCEEDED);
        }
        PaymentResponse eleventh = api.payments.createPayment(body, null, null, null);
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).as("seconds for 11 payments (the rule's window is 60 s)")
                .isLessThan(60);
        assertThat(eleventh.getStatus()).as(eleventh.toString()).isEqualTo(PaymentResponse.StatusEnum.REQUIRES_REVIEW);
        assertThat(eleventh.getRiskDecision()).isEqualTo("review");
        // risk-service's own count of its decisions: payment-service's fallback (review) would not move it
        assertThat(assessments("approve") - approvedBefore).as("assessments risk-service approved").isEqualTo(10);
        assertThat(assessments("review") - reviewedBefore).as("assessments risk-service sent to review").isEqualTo(1);
        if (profile.equals("mysql")) {
            // the assessment's reasons, read back through the ops API (its id is found in risk's own table)
            String assessmentId;
            TestInfrastructure.Database risk = platform.database("risk-service");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(risk.url(), risk.username(), risk.password());
                    java.sql.PreparedStatement q = c.prepareStatement("SELECT id FROM risk_assessments WHERE payment_id = ?")) {
                q.setString(1, eleventh.getId());
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).as("an assessment of " + eleventh.getId()).isTrue();
                    assessmentId = rs.getString(1);
                }
            }
            JsonNode assessment = LocalPlatform.json(platform.send("GET", "/v1/risk/assessments/" + assessmentId, ops, null, null), 200);
            assertThat(assessment.path("decision").asString()).isEqualTo("review");
            assertThat(assessment.path("reasons")).hasSize(1);
            assertThat(assessment.path("reasons").get(0).path("rule").asString()).isEqualTo("rule_00000000000000000000000016");
            assertThat(assessment.path("reasons").get(0).path("detail").asString())
                    .isEqualTo("11 payments by this customer within 60 s, above the maximum of 10");
        }
        assertThat(api.payments.cancelPayment(eleventh.getId(), null).getStatus()).isEqualTo(PaymentResponse.StatusEnum.CANCELED);
    }

    @Test
    @Order(4)
    void operatorsSignInWithTheirOwnTokensAndEachOpsEndpointNeedsItsRole() throws Exception {
        String admin = platform.operatorAuthorization();
        // the issuer's discovery document, through the gateway: the gateway's public URL is the issuer
        JsonNode discovery = LocalPlatform.json(platform.gateway("/.well-known/openid-configuration", Map.of()), 200);
        assertThat(discovery.path("issuer").asString()).isEqualTo(platform.gatewayUrl());
        assertThat(discovery.path("token_endpoint").asString()).endsWith("/oauth2/token");

        JsonNode merchant = LocalPlatform.json(platform.send("POST", "/v1/merchants", admin, "{\"name\":\"Roles Tea\"}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        String wallet = LocalPlatform.json(platform.send("POST", "/v1/customers", key,
                "{\"name\":\"Wang Fang\",\"currency\":\"CNY\"}", null), 201).path("accountId").asString();
        String deposit = "/v1/accounts/" + wallet + "/deposits";
        String small = "{\"amount\":500,\"currency\":\"CNY\"}";

        // a token of the operator's own: client credentials with its secret; a wrong secret gets none
        LocalPlatform.Operator viewer = platform.createOperator("e2e-viewer", OperatorRole.VIEWER);
        HttpResponse<String> tokenAnswer = platform.tokenRequest(viewer.username(), viewer.secret());
        JsonNode token = LocalPlatform.json(tokenAnswer, 200);
        assertThat(token.path("token_type").asString()).isEqualToIgnoringCase("Bearer");
        assertThat(token.path("expires_in").asLong()).isBetween(590L, 600L);
        com.nimbusds.jwt.JWTClaimsSet claims = com.nimbusds.jwt.SignedJWT.parse(token.path("access_token").asString()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(platform.gatewayUrl());
        assertThat(claims.getSubject()).isEqualTo("e2e-viewer");
        assertThat(claims.getAudience()).contains("paycloud");
        assertThat(claims.getStringListClaim("roles")).containsExactly("viewer");
        assertThat(platform.tokenRequest(viewer.username(), "opsk_wrong").statusCode()).isEqualTo(401);
        String viewerToken = "Bearer " + token.path("access_token").asString();

        // no credential: 401 problem; a merchant key on an ops endpoint: 403
        HttpResponse<String> anonymous = platform.send("POST", deposit, null, small, null);
        assertProblem(anonymous, 401, "unauthenticated");
        assertProblem(platform.send("POST", deposit, key, small, null), 403, "forbidden");
        assertProblem(platform.send("GET", "/v1/approvals", key, null, null), 403, "forbidden");
        // an operator without the endpoint's role: 403, and nothing moved
        assertProblem(platform.send("POST", deposit, viewerToken, small, null), 403, "forbidden");
        assertProblem(platform.send("POST", "/v1/merchants", viewerToken, "{\"name\":\"x\"}", null), 403, "forbidden");
        assertProblem(platform.send("GET", "/v1/risk/rules", viewerToken, null, null), 403, "forbidden");
        // what the viewer's role opens, it opens
        assertThat(platform.send("GET", "/v1/reports/reconciliation?date=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                viewerToken, null, null).statusCode()).isEqualTo(200);
        // the shared ops login is gone: Basic ops:ops (the old embedded default) is 401, and so is an operator's
        // own secret sent as Basic anywhere but the token endpoint
        for (String basic : List.of(LocalPlatform.basic("ops", "ops"), platform.adminSecretAsBasic())) {
            assertProblem(platform.send("POST", deposit, basic, small, null), 401, "unauthenticated");
            assertProblem(platform.send("GET", "/v1/risk/rules", basic, null, null), 401, "unauthenticated");
        }
        // a token signed by anyone but the issuer (same header, same claims, another key): 401
        String forged = forge(viewerToken.substring("Bearer ".length()));
        assertProblem(platform.send("GET", "/v1/reports/reconciliation", "Bearer " + forged, null, null), 401, "unauthenticated");
        // nor does a token's payload survive an edit (roles added) under the issuer's own signature
        String[] parts = viewerToken.substring("Bearer ".length()).split("\\.");
        Map<String, Object> payload = new LinkedHashMap<>(claims.toJSONObject());
        payload.put("roles", List.of("viewer", "treasury"));
        String widened = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                LocalPlatform.JSON.writeValueAsString(payload).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(platform.send("POST", deposit, "Bearer " + parts[0] + "." + widened + "." + parts[2], small, null),
                401, "unauthenticated");
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/accounts/" + wallet, key, null, null), 200).path("available").asLong())
                .isZero();
    }

    @Test
    @Order(4)
    void anOperatorSignsInToTheConsoleAndTheDashboardInABrowserAtTheIssuerThroughTheGateway() throws Exception {
        java.nio.file.Path chromium = java.nio.file.Path.of(System.getProperty("paycloud.test.chromium", "/usr/bin/chromium"));
        java.nio.file.Path chromedriver = java.nio.file.Path.of(System.getProperty("paycloud.test.chromedriver", "/usr/bin/chromedriver"));
        org.assertj.core.api.Assumptions.assumeThat(java.nio.file.Files.isExecutable(chromium)
                && java.nio.file.Files.isExecutable(chromedriver)).as("Debian's chromium and chromium-driver are installed").isTrue();
        LocalPlatform.Operator viewer = platform.createOperator("e2e-console", OperatorRole.VIEWER);
        String console = "https://localhost:" + platform.port("registry-service");
        String gateway = platform.gatewayUrl();

        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--user-data-dir=" + java.nio.file.Files.createTempDirectory("chromium-profile"),
                // the browser trusts exactly the console's and the gateway's certificates of the test CA
                "--ignore-certificate-errors-spki-list=" + PlatformCertificates.spkiHashes("registry-service", "gateway-service"));
        org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        org.openqa.selenium.chrome.ChromeDriver browser = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            Duration patience = TestTimes.scaled(Duration.ofSeconds(30));
            // the console sends the browser to the issuer's sign-in form, at the gateway
            browser.get(console + "/admin/");
            until(browser, patience, () -> browser.getCurrentUrl().startsWith(gateway + "/oauth2/sign-in"),
                    "the issuer's sign-in form at " + gateway);
            // a wrong secret: back to the form with an error, no console
            browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(viewer.username());
            browser.findElement(org.openqa.selenium.By.id("password")).sendKeys("opsk_wrong");
            browser.findElement(org.openqa.selenium.By.id("sign-in")).click();
            until(browser, patience, () -> !browser.findElements(org.openqa.selenium.By.id("error")).isEmpty(), "the form's error");
            assertThat(browser.getCurrentUrl()).startsWith(gateway + "/oauth2/sign-in");
            // the right one: back through the authorization endpoint to the console, signed in
            browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(viewer.username());
            browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(viewer.secret());
            browser.findElement(org.openqa.selenium.By.id("sign-in")).click();
            until(browser, patience, () -> browser.getCurrentUrl().startsWith(console + "/admin"), "the console at " + console);
            assertThat(browser.manage().getCookieNamed("PAYCLOUD_CONSOLE_SESSION")).as("the console's session").isNotNull();
            // the console's own calls now answer this browser: the applications the registry knows
            Object applications = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/admin/applications', {headers: {Accept: 'application/json'}})"
                    + ".then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('error ' + e));");
            assertThat(String.valueOf(applications)).startsWith("200 ").containsIgnoringCase("PAYMENT-SERVICE");
            // a viewer reads and changes nothing
            Object change = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/admin/instances/x/actuator/loggers/ROOT', {method: 'POST', headers: {'Content-Type': "
                    + "'application/json'}, body: JSON.stringify({configuredLevel: 'TRACE'})})"
                    + ".then(r => done(r.status)).catch(e => done('error ' + e));");
            assertThat(String.valueOf(change)).isEqualTo("403");

            // the dashboard at the gateway signs the browser in at the issuer too (one sign-in buys one code,
            // so the form again), and reads its data with the viewer's token it gets
            browser.get(gateway + "/dashboard");
            until(browser, patience, () -> browser.getCurrentUrl().startsWith(gateway + "/oauth2/sign-in"),
                    "the issuer's sign-in form for the dashboard");
            browser.findElement(org.openqa.selenium.By.id("username")).sendKeys(viewer.username());
            browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(viewer.secret());
            browser.findElement(org.openqa.selenium.By.id("sign-in")).click();
            until(browser, patience, () -> Boolean.TRUE.equals(
                    browser.executeScript("return !!(window.dashboard && window.dashboard.ready)")), "the dashboard's data");
            assertThat(browser.getCurrentUrl()).isEqualTo(gateway + "/dashboard");
            assertThat(browser.findElement(org.openqa.selenium.By.id("tile-payments")).getText()).matches("\\d+");
        } finally {
            browser.quit();
        }
        // the sign-in is in the audit trail, under the operator's own name
        JsonNode events = LocalPlatform.json(platform.send("GET", "/v1/audit-events?actor=e2e-console",
                platform.operatorAuthorization(), null, null), 200);
        assertThat(events.toString()).contains("operator.signed_in");
    }

    @Test
    @Order(5)
    void aLargeDepositAndARoleGrantWaitForASecondOperator() throws Exception {
        String admin = platform.operatorAuthorization();
        long threshold = 1_000_000; // PAYCLOUD_FOUR_EYES_DEPOSIT_THRESHOLD's default, which this platform keeps
        // a second administrator: granted at once while the first is alone, after which grants need approval
        LocalPlatform.Operator admin2 = platform.createOperator("e2e-admin2", OperatorRole.ADMIN);
        String admin2Token = platform.authorization(admin2);
        JsonNode t1Made = LocalPlatform.json(platform.send("POST", "/v1/operators", admin, "{\"username\":\"e2e-t1\"}", null), 201);
        assertThat(t1Made.path("roles")).isEmpty();
        assertThat(t1Made.path("createdBy").asString()).isEqualTo(LocalPlatform.ADMIN);
        assertThat(t1Made.path("secret").asString()).startsWith("opsk_");
        LocalPlatform.Operator t1 = new LocalPlatform.Operator("e2e-t1", t1Made.path("secret").asString());
        LocalPlatform.Operator t2 = new LocalPlatform.Operator("e2e-t2", LocalPlatform.json(platform.send("POST", "/v1/operators",
                admin, "{\"username\":\"e2e-t2\"}", null), 201).path("secret").asString());
        LocalPlatform.Operator viewer = new LocalPlatform.Operator("e2e-v2", LocalPlatform.json(platform.send("POST", "/v1/operators",
                admin, "{\"username\":\"e2e-v2\"}", null), 201).path("secret").asString());

        // with two administrators a grant is 202: a request, which the maker cannot decide and the other admin approves
        JsonNode grant = LocalPlatform.json(platform.send("POST", "/v1/operators/e2e-t1/roles", admin, "{\"role\":\"treasury\"}", null), 202)
                .path("approval");
        assertThat(grant.path("status").asString()).isEqualTo("pending");
        assertThat(grant.path("action").asString()).isEqualTo("role_grant");
        assertThat(grant.path("object").asString()).isEqualTo("e2e-t1");
        assertThat(grant.path("maker").asString()).isEqualTo(LocalPlatform.ADMIN);
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/operators/e2e-t1", admin, null, null), 200).path("roles")).isEmpty();
        assertProblem(platform.send("POST", "/v1/approvals/" + grant.path("id").asString() + "/approve", admin, null, null),
                403, "forbidden");
        JsonNode granted = LocalPlatform.json(platform.send("POST", "/v1/approvals/" + grant.path("id").asString() + "/approve",
                admin2Token, null, null), 200).path("approval");
        assertThat(granted.path("status").asString()).isEqualTo("approved");
        assertThat(granted.path("checker").asString()).isEqualTo("e2e-admin2");
        assertThat(granted.path("result").path("roles")).extracting(JsonNode::asString).containsExactly("treasury");
        for (String[] g : new String[][] {{"e2e-t2", "treasury"}, {"e2e-v2", "viewer"}}) {
            String id = LocalPlatform.json(platform.send("POST", "/v1/operators/" + g[0] + "/roles", admin,
                    "{\"role\":\"" + g[1] + "\"}", null), 202).path("approval").path("id").asString();
            LocalPlatform.json(platform.send("POST", "/v1/approvals/" + id + "/approve", admin2Token, null, null), 200);
        }
        // tokens taken after the grants carry the roles
        String t1Token = platform.authorization(t1);
        String t2Token = platform.authorization(t2);
        String viewerToken = platform.authorization(viewer);

        JsonNode merchant = LocalPlatform.json(platform.send("POST", "/v1/merchants", admin, "{\"name\":\"Four Eyes Tea\"}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        String wallet = LocalPlatform.json(platform.send("POST", "/v1/customers", key,
                "{\"name\":\"Zhang Wei\",\"currency\":\"CNY\"}", null), 201).path("accountId").asString();
        // at the threshold a deposit is made at once; above it, it waits
        LocalPlatform.json(platform.send("POST", "/v1/accounts/" + wallet + "/deposits", t1Token,
                "{\"amount\":" + threshold + ",\"currency\":\"CNY\"}", null), 201);
        long large = 2 * threshold + 1;
        JsonNode pending = LocalPlatform.json(platform.send("POST", "/v1/accounts/" + wallet + "/deposits", t1Token,
                "{\"amount\":" + large + ",\"currency\":\"CNY\"}", "e2e-large-deposit"), 202).path("approval");
        String approval = pending.path("id").asString();
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(pending.path("action").asString()).isEqualTo("deposit");
        assertThat(pending.path("object").asString()).isEqualTo(wallet);
        assertThat(pending.path("maker").asString()).isEqualTo("e2e-t1");
        assertThat(pending.path("requiredRole").asString()).isEqualTo("treasury");
        assertThat(pending.path("request").path("amount").asLong()).isEqualTo(large);
        // sent again with its Idempotency-Key: the same request, not a second one
        assertThat(LocalPlatform.json(platform.send("POST", "/v1/accounts/" + wallet + "/deposits", t1Token,
                "{\"amount\":" + large + ",\"currency\":\"CNY\"}", "e2e-large-deposit"), 202).path("approval").path("id").asString())
                .isEqualTo(approval);
        assertThat(balance(key, wallet)).as("nothing moved while the deposit waits").isEqualTo(threshold);
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/approvals?status=pending", t2Token, null, null), 200).path("data"))
                .extracting(a -> a.path("id").asString()).contains(approval);

        // the maker cannot approve their own request, a viewer cannot approve a deposit
        assertProblem(platform.send("POST", "/v1/approvals/" + approval + "/approve", t1Token, null, null), 403, "forbidden");
        assertProblem(platform.send("POST", "/v1/approvals/" + approval + "/approve", viewerToken, null, null), 403, "forbidden");
        assertThat(LocalPlatform.json(platform.send("GET", "/v1/approvals/" + approval, t2Token, null, null), 200)
                .path("approval").path("status").asString()).isEqualTo("pending");
        assertThat(balance(key, wallet)).isEqualTo(threshold);

        // a second treasury operator approves: the deposit is made, once
        JsonNode approved = LocalPlatform.json(platform.send("POST", "/v1/approvals/" + approval + "/approve", t2Token, null, null), 200)
                .path("approval");
        assertThat(approved.path("status").asString()).isEqualTo("approved");
        assertThat(approved.path("checker").asString()).isEqualTo("e2e-t2");
        JsonNode transfer = approved.path("result");
        assertThat(transfer.path("amount").asLong()).isEqualTo(large);
        assertThat(transfer.path("creditAccountId").asString()).isEqualTo(wallet);
        assertThat(transfer.path("currency").asString()).isEqualTo("CNY");
        assertThat(transfer.path("status").asString()).isEqualTo("posted");
        assertThat(balance(key, wallet)).isEqualTo(threshold + large);
        JsonNode transfers = LocalPlatform.json(platform.send("GET", "/v1/accounts/" + wallet + "/transfers?limit=100", key, null, null), 200)
                .path("data");
        assertThat(transfers).filteredOn(t -> t.path("id").asString().equals(transfer.path("id").asString())).hasSize(1);
        // approving again, by anyone: 409, and the money moved once
        assertProblem(platform.send("POST", "/v1/approvals/" + approval + "/approve", t2Token, null, null), 409, "state_invalid");
        assertProblem(platform.send("POST", "/v1/approvals/" + approval + "/approve", admin, null, null), 409, "state_invalid");
        assertThat(balance(key, wallet)).isEqualTo(threshold + large);

        // the ledger still balances
        HttpResponse<String> audit = LocalPlatform.get("https://localhost:" + platform.port("account-service") + "/internal/audit",
                Map.of("Authorization", platform.serviceToken("analytics-service", "account-service")));
        assertThat(LocalPlatform.JSON.readTree(audit.body()).path("ok").asBoolean()).as(audit.body()).isTrue();
    }

    private static long balance(String merchantKey, String account) throws Exception {
        return platform.merchant(merchantKey).accounts.getAccount(account).getAvailable();
    }

    /** A problem+json answer with this status and code. */
    /** Waits for {@code condition}; if it does not come, fails saying where the browser is and what it shows. */
    @Test
    @Order(9)
    void everyAnswerThroughTheGatewayKeptTheDocumentedContract() {
        // the merchant flow's answers (the generated client's and every other /v1 call of this test) were held
        // to the documents as they came; here the verdict, and proof that they covered the API's core
        log.info("[e2e] contract: {} answers by (document, operation, status) checked", contract.checkedOperations().size());
        assertThat(contract.violations()).as("answers that break docs/openapi").isEmpty();
        assertThat(contract.checkedOperations()).contains(
                "payment-service.json POST /v1/payments 201",
                "payment-service.json GET /v1/payments/{id} 200",
                "payment-service.json POST /v1/refunds 201",
                "payment-service.json GET /v1/payments/{id} 404",
                "account-service.json POST /v1/customers 201",
                "account-service.json GET /v1/accounts/{id} 200",
                "account-service.json POST /v1/accounts/{id}/deposits 202",
                "account-service.json POST /v1/approvals/{id}/approve 403");
    }

    private static void until(org.openqa.selenium.chrome.ChromeDriver browser, Duration patience,
            java.util.concurrent.Callable<Boolean> condition, String what) {
        try {
            await().atMost(patience).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String page = browser.getPageSource();
            throw new AssertionError("waited " + patience + " for " + what + "; the browser is at " + browser.getCurrentUrl()
                    + ", showing: " + (page.length() > 2000 ? page.substring(0, 2000) : page), e);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + " -> " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/problem+json");
        assertThat(LocalPlatform.JSON.readTree(r.body()).path("code").asString()).as(r.body()).isEqualTo(code);
    }

    /** The same header and claims as {@code token}, signed with a key of its own. */
    private static String forge(String token) throws Exception {
        com.nimbusds.jwt.SignedJWT original = com.nimbusds.jwt.SignedJWT.parse(token);
        com.nimbusds.jose.jwk.ECKey other = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID(original.getHeader().getKeyID()).generate();
        com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(original.getHeader(), original.getJWTClaimsSet());
        forged.sign(new com.nimbusds.jose.crypto.ECDSASigner(other));
        return forged.serialize();
    }

    /** How many assessments risk-service has decided so, from its own {@code risk.assessments} timer. */
    private static double assessments(String decision) throws Exception {
        return count(platform.actuator("risk-service", "/actuator/metrics/risk.assessments?tag=decision:" + decision));
    }

    /** The COUNT of a metric as actuator answers it; 0 when no such meter was recorded yet (404). */
    private static double count(HttpResponse<String> metric) {
        if (metric.statusCode() == 404) {
            return 0;
        }
        for (JsonNode m : LocalPlatform.json(metric, 200).path("measurements")) {
            if (m.path("statistic").asString().equals("COUNT")) {
                return m.path("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + metric.body());
    }

    @Test
    @Order(6)
    void stoppedServiceAnswers503QuicklyAndRecoversWhenBack() throws Exception {
        Process risk = platform.process("risk-service");
        risk.destroy();
        assertThat(risk.waitFor(TestTimes.scaledMillis(30_000), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        // fast on this machine's scale, yet short of the risk route's 5 s response timeout, past which a 503 could be a hang
        long fast = Math.min(TestTimes.scaledMillis(1_500), 4_500);

        for (String path : List.of("/status/risk", "/v1/risk/rules")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = platform.gateway(path, Map.of("Authorization", platform.operatorAuthorization()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = LocalPlatform.JSON.readTree(r.body());
            assertThat(problem.path("code").asString()).isEqualTo("service_unavailable");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(ms).as("time to answer 503 for " + path).isLessThan(fast);
        }
        // the other services keep answering
        assertThat(platform.gateway("/status/account", Map.of()).statusCode()).isEqualTo(200);

        platform.start("risk-service");
        platform.awaitHealthy("risk-service", TestTimes.scaled(Duration.ofSeconds(120)));
        long up = System.nanoTime();
        await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(30))).pollInterval(Duration.ofMillis(250)).untilAsserted(
                () -> assertThat(platform.gateway("/status/risk", Map.of()).statusCode()).isEqualTo(200));
        log.info("[e2e] risk-service routable {} ms after it reported healthy", (System.nanoTime() - up) / 1_000_000);
    }

    @Test
    @Order(7)
    void backupWipeAndRestoreKeepEveryPaymentAndABalancedLedger() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(profile.equals("mysql"), "backups of the mysql profile only");
        assertThat(flowPayments).isNotEmpty();
        Map<String, String> before = new LinkedHashMap<>();
        for (String id : flowPayments) {
            before.put(id, LocalPlatform.json(platform.send("GET", "/v1/payments/" + id, flowKey, null, null), 200).toString());
        }
        Path backup = runDir.resolve("backup");
        String databases = "pc_test_e2e_payments pc_test_e2e_accounts pc_test_e2e_risk pc_test_e2e_analytics";
        platformScript("backup", backup.toString(), databases);
        assertThat(backup.resolve("pc_test_e2e_payments.sql")).exists();

        for (String module : List.of("payment-service", "account-service")) {
            platform.process(module).destroy();
            assertThat(platform.process(module).waitFor(TestTimes.scaledMillis(30_000), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        }
        TestInfrastructure.Database admin = TestInfrastructure.database("e2e_admin");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                java.sql.Statement st = c.createStatement()) {
            st.execute("DROP DATABASE pc_test_e2e_payments");
            st.execute("DROP DATABASE pc_test_e2e_accounts");
        }
        platformScript("restore", backup.toString(), databases);
        platform.start("account-service");
        platform.start("payment-service");
        platform.awaitHealthy("account-service", TestTimes.scaled(Duration.ofSeconds(120)));
        platform.awaitHealthy("payment-service", TestTimes.scaled(Duration.ofSeconds(120)));
        await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Map.Entry<String, String> p : before.entrySet()) {
                assertThat(LocalPlatform.json(platform.send("GET", "/v1/payments/" + p.getKey(), flowKey, null, null), 200).toString())
                        .isEqualTo(p.getValue());
            }
        });
        String service = platform.serviceToken("analytics-service", "account-service");
        HttpResponse<String> audit = LocalPlatform.get("https://localhost:" + platform.port("account-service") + "/internal/audit",
                Map.of("Authorization", service));
        assertThat(LocalPlatform.JSON.readTree(audit.body()).path("ok").asBoolean()).as(audit.body()).isTrue();
    }

    @Test
    @Order(8)
    void twoReplicasShareTheLoadAndLosingOneMidLoadLosesNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(profile.equals("mysql"), "replicas share a MySQL/MariaDB database");
        for (String replica : List.of("payment-service-2", "account-service-2")) {
            platform.addInstance(replica);
            platform.start(replica);
        }
        platform.awaitHealthy("payment-service-2", TestTimes.scaled(Duration.ofSeconds(120)));
        platform.awaitHealthy("account-service-2", TestTimes.scaled(Duration.ofSeconds(120)));
        await().ignoreExceptions().atMost(TestTimes.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode apps = LocalPlatform.JSON.readTree(LocalPlatform.get("https://localhost:" + platform.port("registry-service") + "/eureka/apps",
                    Map.of("Accept", "application/json", "Authorization", platform.registryAuthorization())).body()).path("applications").path("application");
            Map<String, Integer> instances = new LinkedHashMap<>();
            apps.forEach(a -> instances.put(a.path("name").asString().toLowerCase(), a.path("instance").size()));
            assertThat(instances).containsEntry("payment-service", 2).containsEntry("account-service", 2);
        });
        Thread.sleep(5_000); // the gateway's load-balancer cache (4 s) picks the new instances up
        // what the account-service replicas served of payment traffic so far (replica 1 served the earlier tests)
        Map<String, Double> ledgerCallsBefore = new LinkedHashMap<>();
        for (String instance : List.of("account-service", "account-service-2")) {
            ledgerCallsBefore.put(instance, ledgerCalls(instance));
        }

        String ops = platform.operatorAuthorization();
        JsonNode merchant = LocalPlatform.json(platform.send("POST", "/v1/merchants", ops, "{\"name\":\"Replica Tea\",\"feeBps\":0}", null), 201);
        String key = "Bearer " + merchant.path("secretKey").asString();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = LocalPlatform.json(platform.send("POST", "/v1/customers", key, "{\"name\":\"payer " + i + "\",\"currency\":\"CNY\"}", null), 201);
            LocalPlatform.json(platform.send("POST", "/v1/accounts/" + c.path("accountId").asString() + "/deposits", ops,
                    "{\"amount\":100000,\"currency\":\"CNY\"}", null), 201);
            customers.add(c.path("id").asString());
        }
        // 32 payments from 4 threads; one payment-service replica is killed -9 a few requests in
        int total = 32;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                if (sent.incrementAndGet() == 8) {
                    platform.process("payment-service-2").destroyForcibly();
                }
                String body = "{\"amount\":" + (100 + n) + ",\"currency\":\"CNY\",\"customer\":\""
                        + customers.get(n % 4) + "\",\"confirm\":true}";
                // a client retries what it could not get an answer for, with the same key
                // (a key whose request died with its instance is in use until its 30 s lease ends)
                for (int attempt = 0; attempt < 60; attempt++) {
                    int status = platform.send("POST", "/v1/payments", key, body, "replica-" + n).statusCode();
                    if (status == 201) {
                        return status;
                    }
                    Thread.sleep(1_000);
                }
                return -1;
            }));
        }
        for (java.util.concurrent.Future<Integer> f : results) {
            assertThat(f.get()).isEqualTo(201);
        }
        pool.shutdown();

        // every payment exists once, none is left half-done, and the money adds up
        await().atMost(TestTimes.scaled(Duration.ofSeconds(60))).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode list = LocalPlatform.json(platform.send("GET", "/v1/payments?limit=100", key, null, null), 200);
            assertThat(list.path("data")).hasSize(total);
            long charged = 0;
            for (JsonNode p : list.path("data")) {
                assertThat(p.path("status").asString()).isIn("succeeded", "requires_review");
                charged += p.path("amountCaptured").asLong();
            }
            long spent = 0;
            for (String c : customers) {
                spent += 100000 - LocalPlatform.json(platform.send("GET", "/v1/customers/" + c, key, null, null), 200)
                        .path("balance").path("available").asLong();
            }
            assertThat(spent).isEqualTo(charged);
        });
        // both account-service replicas served ledger calls of these payments: payment-service's POSTs to
        // /internal/transfers(/batch), not health checks or the registry's, which every instance gets
        for (String instance : List.of("account-service", "account-service-2")) {
            assertThat(ledgerCalls(instance) - ledgerCallsBefore.get(instance)).as("ledger calls served by " + instance).isPositive();
        }
    }

    /** The ledger calls an account-service instance has answered (its {@code http.server.requests} timers). */
    private static double ledgerCalls(String instance) throws Exception {
        double calls = 0;
        for (String uri : List.of("/internal/transfers", "/internal/transfers/batch")) {
            calls += count(platform.actuator(instance, "/actuator/metrics/http.server.requests?tag=method:POST&tag=uri:" + uri));
        }
        return calls;
    }

    /** Runs bin/platform against the test's own databases, as an operator would against the real ones. */
    private static void platformScript(String command, String dir, String databases) throws Exception {
        URI db = URI.create(System.getenv("PAYCLOUD_TEST_DB_URL").substring("jdbc:".length()));
        ProcessBuilder pb = new ProcessBuilder("bash", platform.root.resolve("bin/platform").toString(), command, dir);
        pb.environment().put("PAYCLOUD_DATABASES", databases);
        pb.environment().put("PAYCLOUD_BACKUP_PROFILE", "mysql");
        pb.environment().put("PAYCLOUD_RUN_DIR", runDir.resolve("platform").toString());
        pb.environment().put("DB_HOST", db.getHost());
        pb.environment().put("DB_PORT", String.valueOf(db.getPort() > 0 ? db.getPort() : 3306));
        pb.environment().put("DB_USER", System.getenv().getOrDefault("PAYCLOUD_TEST_DB_USER", "root"));
        pb.environment().put("DB_PASSWORD", System.getenv().getOrDefault("PAYCLOUD_TEST_DB_PASSWORD", ""));
        // mysqldump and mysql verify the server as the services do, or run plain where the tests' server is
        TestInfrastructure.datastoreCa().ifPresentOrElse(ca -> pb.environment().put("PAYCLOUD_DATASTORE_CA", ca.toString()),
                () -> pb.environment().put("DB_SSL_MODE", "DISABLED"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("bin/platform " + command + ": " + out).isZero();
        log.info("[e2e] bin/platform {}: {}", command, out.trim());
    }
}

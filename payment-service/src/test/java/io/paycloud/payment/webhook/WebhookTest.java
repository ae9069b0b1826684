package io.paycloud.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import com.sun.net.httpserver.HttpServer;

import io.paycloud.payment.PaymentTestSupport;
import io.paycloud.payment.support.JavaMigrations;
import tools.jackson.databind.JsonNode;

class WebhookTest extends PaymentTestSupport {

    record Received(Map<String, String> headers, String body) {
    }

    @Autowired
    V6__SealWebhookSecrets sealing;
    @Autowired
    DataSource dataSource;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.of(
                    "id", String.valueOf(ex.getRequestHeaders().getFirst("webhook-id")),
                    "timestamp", String.valueOf(ex.getRequestHeaders().getFirst("webhook-timestamp")),
                    "signature", String.valueOf(ex.getRequestHeaders().getFirst("webhook-signature"))), body));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** A new endpoint of {@code w}'s merchant at this test's receiver, for one event type: the answer to its creation. */
    JsonNode endpoint(World w, String eventType) throws Exception {
        return body(postJson(w.merchant(), "/v1/webhook-endpoints",
                "{\"url\":\"" + url() + "\",\"enabledEvents\":[\"" + eventType + "\"]}", null));
    }

    @Test
    void deliveriesAreSignedPerStandardWebhooks() throws Exception {
        World w = world(100_00, 60);
        JsonNode endpoint = endpoint(w, "payment.succeeded");
        String secret = endpoint.path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        // kept sealed: what a read of the database gives does not sign
        assertThat(storedSecret(endpoint.path("id").asString())).startsWith("v1:").doesNotContain(secret.substring(6));
        String paymentId = pay(w, 12_00, "\"confirm\":true").path("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
        Received r = received.get(0);
        JsonNode event = json.readTree(r.body());
        assertThat(event.path("type").asString()).isEqualTo("payment.succeeded");
        assertThat(event.path("data").path("object").path("id").asString()).isEqualTo(paymentId);
        assertThat(r.headers().get("id")).isEqualTo(event.path("id").asString());
        assertThat(r.headers().get("signature")).isEqualTo(signature(secret, r));
        // payment.created was not asked for
        assertThat(received).allMatch(x -> x.body().contains("payment.succeeded"));

        JsonNode listed = body(getJson(w.merchant(), "/v1/webhook-endpoints"));
        assertThat(listed.path("data").get(0).path("secret").isNull()).isTrue();
    }

    @Test
    void aSecretStoredPlainIsSealedByItsMigrationOrAtItsFirstUseAndStillSigns() throws Exception {
        World w = world(100_00, 60);
        String id = endpoint(w, "payment.created").path("id").asString();
        // as an endpoint created before secrets were sealed stored it
        String plain = WebhookSigner.newSecret();
        jdbc.sql("UPDATE webhook_endpoint SET secret = ? WHERE id = ?").params(plain, id).update();

        migrate();
        String sealed = storedSecret(id);
        assertThat(sealed).startsWith("v1:").doesNotContain(plain.substring(6));
        migrate();
        assertThat(storedSecret(id)).as("a sealed secret is not sealed again").isEqualTo(sealed);

        // stored plain again, as a replica of the version before sealing writes it during a rolling upgrade
        jdbc.sql("UPDATE webhook_endpoint SET secret = ? WHERE id = ?").params(plain, id).update();
        pay(w, 3_00, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
        assertThat(received.get(0).headers().get("signature")).isEqualTo(signature(plain, received.get(0)));
        assertThat(storedSecret(id)).as("sealed at its first use").startsWith("v1:").doesNotContain(plain.substring(6));
    }

    @Test
    void aSealedSecretCopiedOntoAnotherEndpointDoesNotOpenAndNothingIsSentUnsigned() throws Exception {
        World w = world(100_00, 60);
        JsonNode created = endpoint(w, "payment.created");
        String own = created.path("secret").asString();
        String ownId = created.path("id").asString();
        String other = endpoint(w, "payment.created").path("id").asString();
        // the endpoint id is the sealed value's associated data: another row's ciphertext does not open
        jdbc.sql("UPDATE webhook_endpoint SET secret = ? WHERE id = ?").params(storedSecret(ownId), other).update();

        pay(w, 3_00, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty() && body(getJson(w.merchant(),
                "/v1/webhook-endpoints/" + other + "/deliveries")).path("data").size() > 0);
        JsonNode attempt = body(getJson(w.merchant(), "/v1/webhook-endpoints/" + other + "/deliveries")).path("data").get(0);
        assertThat(attempt.path("status").asString()).isEqualTo("failed");
        assertThat(attempt.path("httpStatus").isNull()).as("nothing was sent: %s", attempt).isTrue();
        assertThat(attempt.path("nextAttemptAt").isNull()).as("retried on the backoff").isFalse();
        assertThat(received).as("only the endpoint whose secret opened got the event").hasSize(1);
        assertThat(received.get(0).headers().get("signature")).isEqualTo(signature(own, received.get(0)));
    }

    @Test
    void aFailingEndpointIsRetriedWithTheSameIdAndTheLogShowsEachAttempt() throws Exception {
        World w = world(100_00, 60);
        failuresLeft.set(1);
        String endpointId = endpoint(w, "payment.created").path("id").asString();
        pay(w, 3_00, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
        assertThat(received.get(0).headers().get("id")).isEqualTo(received.get(1).headers().get("id"));
        JsonNode log = body(getJson(w.merchant(), "/v1/webhook-endpoints/" + endpointId + "/deliveries"));
        assertThat(log.path("data")).hasSize(2);
        assertThat(log.path("data").get(1).path("status").asString()).isEqualTo("failed");
        assertThat(log.path("data").get(1).path("httpStatus").asInt()).isEqualTo(500);
        assertThat(log.path("data").get(1).path("nextAttemptAt").isNull()).isFalse();
        assertThat(log.path("data").get(0).path("status").asString()).isEqualTo("succeeded");
        assertThat(log.path("data").get(0).path("attempt").asInt()).isEqualTo(2);

        // delivered once: no further automatic attempt of that event
        Thread.sleep(3_000);
        assertThat(received).hasSize(2);

        // a manual retry sends it once more
        String eventId = received.get(0).headers().get("id");
        MvcResult retry = postJson(w.merchant(), "/v1/webhook-endpoints/" + endpointId + "/deliveries/" + eventId + "/retry", null, null);
        assertThat(retry.getResponse().getStatus()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 3);
    }

    @Test
    void anAttemptThatGotNoHttpAnswerShowsNoStatus() throws Exception {
        World w = world(100_00, 60);
        java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        int port = closed.getLocalPort();
        closed.close();
        String endpointId = body(postJson(w.merchant(), "/v1/webhook-endpoints",
                "{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"enabledEvents\":[\"payment.created\"]}", null))
                .path("id").asString();
        pay(w, 3_00, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> body(getJson(w.merchant(),
                "/v1/webhook-endpoints/" + endpointId + "/deliveries")).path("data").size() >= 1);
        JsonNode attempt = body(getJson(w.merchant(), "/v1/webhook-endpoints/" + endpointId + "/deliveries")).path("data").get(0);
        assertThat(attempt.path("status").asString()).isEqualTo("failed");
        assertThat(attempt.has("httpStatus")).isTrue();
        assertThat(attempt.path("httpStatus").isNull()).as("no HTTP answer: %s", attempt).isTrue();
    }

    @Test
    void badEndpointsAreRefusedAndOthersEndpointsAreNotFound() throws Exception {
        World w = world(100_00, 60);
        World other = world(100_00, 60);
        long before = rows("webhook_endpoint");
        MvcResult badUrl = postJson(w.merchant(), "/v1/webhook-endpoints", "{\"url\":\"ftp://x\",\"enabledEvents\":[\"*\"]}", null);
        assertThat(badUrl.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(badUrl).path("param").asString()).isEqualTo("url");
        MvcResult badEvent = postJson(w.merchant(), "/v1/webhook-endpoints",
                "{\"url\":\"" + url() + "\",\"enabledEvents\":[\"payment.exploded\"]}", null);
        assertThat(body(badEvent).path("param").asString()).isEqualTo("enabledEvents");
        assertThat(rows("webhook_endpoint")).isEqualTo(before);

        String id = body(postJson(w.merchant(), "/v1/webhook-endpoints", "{\"url\":\"" + url() + "\",\"enabledEvents\":[\"*\"]}", null))
                .path("id").asString();
        assertThat(getJson(other.merchant(), "/v1/webhook-endpoints/" + id + "/deliveries").getResponse().getStatus()).isEqualTo(404);
        MvcResult delete = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/v1/webhook-endpoints/" + id).header(io.paycloud.common.testsupport.TestIdentities.HEADER,
                        io.paycloud.common.testsupport.TestIdentities.merchant(other.merchant(), "payment-service"))).andReturn();
        assertThat(delete.getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void privateAndMetadataAddressesAreRefusedOutsideDevelopment() {
        UrlGuard strict = new UrlGuard(new WebhookProperties(false, true, null, null),
                org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE);
        for (String url : List.of("http://127.0.0.1/x", "http://localhost:8080/x", "http://10.1.2.3/x",
                "http://192.168.1.1/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://0.0.0.0/x",
                "http://100.64.0.1/x", "http://user:pw@93.184.216.34/x", "gopher://93.184.216.34/")) {
            assertThat(strict.refusal(url)).as(url).isNotNull();
        }
        assertThat(strict.refusal("https://93.184.216.34/hooks")).isNull();
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNotFollowed() throws Exception {
        World w = world(100_00, 60);
        receiver.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", url());
            ex.sendResponseHeaders(307, -1);
            ex.close();
        });
        String moved = url().replace("/hook", "/moved");
        String endpointId = body(postJson(w.merchant(), "/v1/webhook-endpoints",
                "{\"url\":\"" + moved + "\",\"enabledEvents\":[\"payment.created\"]}", null)).path("id").asString();
        pay(w, 3_00, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> body(getJson(w.merchant(),
                "/v1/webhook-endpoints/" + endpointId + "/deliveries")).path("data").size() > 0);
        JsonNode attempt = body(getJson(w.merchant(), "/v1/webhook-endpoints/" + endpointId + "/deliveries")).path("data").get(0);
        assertThat(attempt.path("status").asString()).isEqualTo("failed");
        assertThat(attempt.path("httpStatus").asInt()).isEqualTo(307);
        assertThat(received).isEmpty();
    }

    String storedSecret(String endpointId) {
        return jdbc.sql("SELECT secret FROM webhook_endpoint WHERE id = ?").param(endpointId).query(String.class).single();
    }

    void migrate() throws Exception {
        JavaMigrations.run(dataSource, sealing);
    }

    /** The Standard Webhooks signature of a delivery under {@code secret}: v1,base64(HMAC-SHA256(id.timestamp.body)). */
    static String signature(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (r.headers().get("id") + "." + r.headers().get("timestamp") + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
    }
}

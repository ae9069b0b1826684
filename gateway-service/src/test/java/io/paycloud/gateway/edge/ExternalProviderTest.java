package io.paycloud.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestInfrastructure;
import io.paycloud.common.testsupport.TestOperators;
import io.paycloud.common.testsupport.TestTimes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway configured for another OpenID Connect provider, by properties only: a stand-in shaped like
 * Keycloak (a realm issuer URL, RS256 keys at {@code …/protocol/openid-connect/certs}, groups under
 * {@code realm_access.roles}, the person in {@code preferred_username} and a UUID as {@code sub}).
 * Its mapped groups open exactly their roles' endpoints, names it does not map grant nothing (even one
 * spelled like a PayCloud role), and tokens of the embedded issuer no longer authenticate anybody.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "paycloud.operators.issuer=" + ExternalProviderTest.ISSUER,
        "paycloud.operators.audience=paycloud-api",
        "paycloud.operators.roles-claim=realm_access.roles",
        "paycloud.operators.username-claim=preferred_username",
        "paycloud.operators.role-mapping.pc-treasurers=treasury",
        "paycloud.operators.role-mapping.pc-administrators=admin",
        "paycloud.operators.role-mapping.pc-analysts=viewer",
        "paycloud.edge.throttle.failures-per-address=100000",
        "paycloud.edge.throttle.failures-per-account=100000",
        "paycloud.edge.throttle.anonymous-per-window=100000"})
@ActiveProfiles("test")
class ExternalProviderTest {

    static final String ISSUER = "http://keycloak.test/realms/paycloud";
    static final RSAKey REALM_KEY = rsa();
    static final HttpServer provider;
    static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    static final List<String> audited = new CopyOnWriteArrayList<>();

    static {
        try {
            provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        provider.createContext("/", ExternalProviderTest::serve);
        provider.setExecutor(Executors.newCachedThreadPool());
        provider.start();
    }

    private static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("realm-" + UUID.randomUUID()).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        String uri = "http://127.0.0.1:" + provider.getAddress().getPort();
        r.add("paycloud.operators.jwk-set-uri", () -> uri + "/realms/paycloud/protocol/openid-connect/certs");
        // the same stub answers for the services, recording what reaches them
        for (String s : List.of("account-service", "payment-service", "risk-service", "analytics-service")) {
            r.add("spring.cloud.discovery.client.simple.instances." + s + "[0].uri", () -> uri);
        }
        TestInfrastructure.registerRedis(r);
    }

    @AfterAll
    static void stop() {
        provider.stop(0);
    }

    @LocalServerPort
    int port;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void clear() {
        received.clear();
        audited.clear();
    }

    static void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        int status = 200;
        if (path.equals("/realms/paycloud/protocol/openid-connect/certs")) {
            body = new JWKSet(REALM_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        } else if (path.equals("/internal/audit-events")) {
            audited.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            status = 201;
            body = "{}".getBytes();
        } else {
            Map<String, String> headers = new ConcurrentHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            headers.put(":path", path);
            received.add(headers);
            ex.getRequestBody().readAllBytes();
            body = "{\"ok\":true}".getBytes();
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** An access token as the realm issues it to {@code username} in {@code groups}, then changed by {@code change}. */
    static String token(String username, List<String> groups, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(UUID.randomUUID().toString())
                .audience(List.of("paycloud-api", "account")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("azp", "ops-scripts").claim("typ", "Bearer")
                .claim("preferred_username", username).claim("realm_access", Map.of("roles", groups))
                .claim("scope", "openid profile email");
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(REALM_KEY.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(REALM_KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return "Bearer " + jwt.serialize();
    }

    static String token(String username, String... groups) {
        return token(username, List.of(groups), c -> { });
    }

    HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TestTimes.scaled(Duration.ofSeconds(15)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMappedGroupOpensItsRoleAndTheServicesSeeTheOperatorByName() throws Exception {
        String alice = token("alice@bank.example", "pc-treasurers", "offline_access", "uma_authorization");

        HttpResponse<String> deposit = call("POST", "/v1/accounts/acc_x/deposits", alice, "{\"amount\":5,\"currency\":\"CNY\"}");

        assertThat(deposit.statusCode()).isEqualTo(200);
        assertThat(received).hasSize(1);
        Jwt relayed = EdgeSecurityTest.identity(received.get(0).get("authorization"), "account-service").orElseThrow();
        assertThat(relayed.getClaimAsString("role")).isEqualTo("ops");
        assertThat(relayed.getSubject()).isEqualTo("alice@bank.example");
        assertThat(relayed.getClaimAsStringList("roles")).containsExactly("treasury");
        assertThat(audited).anySatisfy(entry -> assertThat(json.readTree(entry).path("actor").asString()).isEqualTo("alice@bank.example"));

        // the same operator, outside the role the group maps to
        assertThat(call("POST", "/v1/merchants", alice, "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/dashboard/data", alice, null).statusCode()).isEqualTo(403);
        assertThat(received).hasSize(1);
    }

    @Test
    void eachMappedGroupOpensExactlyItsRole() throws Exception {
        Map<String, OperatorRole> groups = Map.of("pc-treasurers", OperatorRole.TREASURY, "pc-administrators", OperatorRole.ADMIN,
                "pc-analysts", OperatorRole.VIEWER);
        Map<OperatorRole, String[]> endpoint = Map.of(OperatorRole.TREASURY, new String[] {"POST", "/v1/accounts/acc_x/adjustments"},
                OperatorRole.ADMIN, new String[] {"GET", "/v1/operators"}, OperatorRole.VIEWER, new String[] {"GET", "/dashboard/data"});
        for (Map.Entry<String, OperatorRole> group : groups.entrySet()) {
            String bearer = token("op-" + group.getKey(), group.getKey());
            for (Map.Entry<OperatorRole, String[]> e : endpoint.entrySet()) {
                String[] op = e.getValue();
                int status = call(op[0], op[1], bearer, op[0].equals("POST") ? "{}" : null).statusCode();
                assertThat(status).as(group.getKey() + " → " + op[0] + " " + op[1]).isEqualTo(e.getKey() == group.getValue() ? 200 : 403);
            }
        }
    }

    @Test
    void namesTheMappingDoesNotKnowGrantNothingEvenWhenSpelledLikeARole() throws Exception {
        String spelledLikeRoles = token("mallory", "admin", "treasury", "viewer", "ADMIN", "default-roles-paycloud");
        // the embedded issuer's shape: roles at the top level, which this configuration does not read
        String topLevelRoles = token("mallory", List.of(), c -> c.claim("roles", List.of("admin", "treasury")));

        for (String bearer : List.of(spelledLikeRoles, topLevelRoles)) {
            assertThat(call("GET", "/v1/operators", bearer, null).statusCode()).isEqualTo(403);
            assertThat(call("POST", "/v1/accounts/acc_x/deposits", bearer, "{}").statusCode()).isEqualTo(403);
            // what any operator may do still works: the token is good, it just grants no role
            assertThat(call("GET", "/v1/approvals", bearer, null).statusCode()).isEqualTo(200);
        }
        for (Map<String, String> got : received) {
            List<String> roles = EdgeSecurityTest.identity(got.get("authorization"), "account-service").orElseThrow()
                    .getClaimAsStringList("roles");
            assertThat(roles == null ? List.<String>of() : roles).isEmpty();
        }
    }

    @Test
    void tokensThisProviderDidNotIssueExactlyAsConfiguredAuthenticateNobody() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("the embedded issuer's token", new TestOperators("http://localhost:8080", "paycloud").bearer("root", OperatorRole.ADMIN));
        bad.put("another realm", token("alice", List.of("pc-administrators"), c -> c.issuer("http://keycloak.test/realms/master")));
        bad.put("not for the platform", token("alice", List.of("pc-administrators"), c -> c.audience("account")));
        bad.put("expired", token("alice", List.of("pc-administrators"), c -> c.issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(300)))));
        bad.put("no username", token("alice", List.of("pc-administrators"), c -> c.claim("preferred_username", null)));
        bad.put("a username that is not one", token("alice\nadmin", List.of("pc-administrators"), c -> { }));
        bad.put("a username that is a list", token("alice", List.of("pc-administrators"),
                c -> c.claim("preferred_username", List.of("alice", "bob"))));
        bad.put("signed by another key", token("alice", List.of("pc-administrators"), c -> { }).replaceFirst("\\.[^.]+$",
                "." + token("bob", List.of("pc-administrators"), c -> { }).replaceFirst("^.*\\.", "")));
        for (Map.Entry<String, String> t : bad.entrySet()) {
            HttpResponse<String> r = call("GET", "/v1/operators", t.getValue(), null);
            assertThat(r.statusCode()).as(t.getKey()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(t.getKey()).startsWith("application/problem+json");
        }
        assertThat(received).isEmpty();
    }
}

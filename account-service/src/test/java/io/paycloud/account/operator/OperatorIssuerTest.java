package io.paycloud.account.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.identity.DevelopmentIdentityKeys;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.testsupport.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The embedded issuer: an operator's secret buys a short-lived token naming the operator and their roles, nothing else does. */
class OperatorIssuerTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Operators operators;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private String newOperator(Set<OperatorRole> roles, String secret) {
        String username = "op-" + UUID.randomUUID().toString().substring(0, 8);
        operators.create(username, roles.isEmpty() ? EnumSet.noneOf(OperatorRole.class) : EnumSet.copyOf(roles), "test", secret);
        return username;
    }

    private MvcResult token(String username, String secret) throws Exception {
        return mvc.perform(post("/oauth2/token").header("Authorization", basic(username, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("grant_type=client_credentials")).andReturn();
    }

    @Test
    void anOperatorsSecretBuysASignedTokenWithTheirNameRolesAndAudience() throws Exception {
        String secret = Operators.newSecret();
        String username = newOperator(EnumSet.of(OperatorRole.TREASURY, OperatorRole.VIEWER), secret);

        MvcResult r = token(username, secret);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode body = json.readTree(r.getResponse().getContentAsString());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isBetween(590L, 600L);
        SignedJWT jwt = SignedJWT.parse(body.path("access_token").asString());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("account-service");
        ECPublicKey key = PlatformKeys.fromJwks(DevelopmentIdentityKeys.JWKS).keyOf("account-service", "account-service").orElseThrow();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(username);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("paycloud");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("viewer", "treasury");
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(lifetime).isEqualTo(600_000L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = ? AND action = 'operator.token_issued'")
                .param(username).query(Long.class).single()).as("the sign-in is in the audit trail").isEqualTo(1);
    }

    @Test
    void aWrongSecretAnUnknownOperatorOrADisabledOneGetNoToken() throws Exception {
        String secret = Operators.newSecret();
        String username = newOperator(EnumSet.of(OperatorRole.ADMIN), secret);

        assertThat(token(username, secret + "x").getResponse().getStatus()).isEqualTo(401);
        assertThat(token("nobody-" + username, secret).getResponse().getStatus()).isEqualTo(401);
        assertThat(token(username, "").getResponse().getStatus()).isIn(400, 401);
        assertThat(token(username, secret).getResponse().getStatus()).isEqualTo(200);

        operators.setEnabled(username, false);
        assertThat(token(username, secret).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAtOnce() throws Exception {
        String secret = Operators.newSecret();
        String username = newOperator(EnumSet.of(OperatorRole.RISK), secret);

        MvcResult rotated = mvc.perform(post("/v1/operators/" + username + "/secret")
                .header(TestIdentities.HEADER, TestIdentities.operator(username, "account-service", OperatorRole.RISK))).andReturn();

        assertThat(rotated.getResponse().getStatus()).isEqualTo(201);
        String fresh = json.readTree(rotated.getResponse().getContentAsString()).path("secret").asString();
        assertThat(fresh).startsWith("opsk_").isNotEqualTo(secret);
        assertThat(token(username, secret).getResponse().getStatus()).isEqualTo(401);
        assertThat(token(username, fresh).getResponse().getStatus()).isEqualTo(200);
        // nobody but an administrator rotates someone else's
        String other = newOperator(EnumSet.of(OperatorRole.VIEWER), Operators.newSecret());
        MvcResult refused = mvc.perform(post("/v1/operators/" + other + "/secret")
                .header(TestIdentities.HEADER, TestIdentities.operator(username, "account-service", OperatorRole.RISK))).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
    }

    @Test
    void theIssuerPublishesItsDiscoveryDocumentAndOnlyThePublicKey() throws Exception {
        MvcResult discovery = mvc.perform(get("/.well-known/openid-configuration")).andReturn();
        assertThat(discovery.getResponse().getStatus()).isEqualTo(200);
        JsonNode config = json.readTree(discovery.getResponse().getContentAsString());
        assertThat(config.path("issuer").asString()).isEqualTo("http://localhost:8080");
        assertThat(config.path("token_endpoint").asString()).isEqualTo("http://localhost:8080/oauth2/token");
        assertThat(config.path("jwks_uri").asString()).isEqualTo("http://localhost:8080/oauth2/jwks");

        MvcResult jwks = mvc.perform(get("/oauth2/jwks")).andReturn();
        JsonNode key = json.readTree(jwks.getResponse().getContentAsString()).path("keys").get(0);
        assertThat(key.path("kid").asString()).isEqualTo("account-service");
        assertThat(key.path("crv").asString()).isEqualTo("P-256");
        assertThat(key.has("d")).as("private part").isFalse();
    }

    @Test
    void operatorsAreMadeWithoutRolesAndTheirSecretIsShownOnce() throws Exception {
        String admin = TestIdentities.operator("root", "account-service", OperatorRole.ADMIN);
        String username = "new-" + UUID.randomUUID().toString().substring(0, 8);

        MvcResult created = mvc.perform(post("/v1/operators").header(TestIdentities.HEADER, admin)
                .contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"" + username + "\"}")).andReturn();

        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        JsonNode body = json.readTree(created.getResponse().getContentAsString());
        assertThat(body.path("roles").isEmpty()).isTrue();
        assertThat(body.path("createdBy").asString()).isEqualTo("root");
        String secret = body.path("secret").asString();
        assertThat(token(username, secret).getResponse().getStatus()).isEqualTo(200);
        MvcResult read = mvc.perform(get("/v1/operators/" + username).header(TestIdentities.HEADER, admin)).andReturn();
        assertThat(read.getResponse().getContentAsString()).doesNotContain(secret).doesNotContain("secret");
        assertThat(operators.require(username).secretHash()).startsWith("{bcrypt}").doesNotContain(secret);

        for (String bad : new String[] {"{\"username\":\"Bad Name\"}", "{\"username\":\"" + username + "\"}", "{}",
                "{\"username\":\"ok-name\",\"roles\":[\"admin\"]}"}) {
            MvcResult r = mvc.perform(post("/v1/operators").header(TestIdentities.HEADER, admin)
                    .contentType(MediaType.APPLICATION_JSON).content(bad)).andReturn();
            assertThat(r.getResponse().getStatus()).as(bad).isBetween(400, 409);
            assertThat(r.getResponse().getContentType()).as(bad).startsWith("application/problem+json");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

package io.paycloud.account.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import com.nimbusds.jwt.SignedJWT;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.testsupport.TestIdentities;
import jakarta.servlet.http.Cookie;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's browser sign-in at the embedded issuer, step by step as a browser goes through it
 * (the session cookie carried by hand): authorization request, sign-in form, back to the
 * authorization with a relative redirect, the code to the console's registered callback, and the
 * console's exchange of that code with its PKCE verifier for an ID token naming the operator.
 */
class BrowserSignInTest extends IntegrationTest {

    private static final String CONSOLE = "paycloud-console";
    private static final String CALLBACK = "http://localhost:8761/login/oauth2/code/paycloud";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    Operators operators;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    AuthorizationJanitor janitor;

    @Autowired
    java.time.Clock clock;

    @Autowired
    org.springframework.session.SessionRepository<? extends org.springframework.session.Session> sessions;

    /** A browser's cookie jar, for the issuer's session cookie. */
    private final Map<String, Cookie> jar = new LinkedHashMap<>();

    private MockHttpServletResponse browse(MockHttpServletRequestBuilder request) throws Exception {
        request.accept(MediaType.TEXT_HTML, MediaType.ALL);
        if (!jar.isEmpty()) {
            request.cookie(jar.values().toArray(Cookie[]::new));
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        for (Cookie cookie : response.getCookies()) {
            jar.put(cookie.getName(), cookie);
        }
        return response;
    }

    private static String verifier() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().repeat(2).getBytes());
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String authorizeUrl(String redirectUri, String challenge) {
        return "/oauth2/authorize?response_type=code&client_id=" + CONSOLE + "&scope=openid&state=st-1&nonce=n-1"
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + (challenge == null ? "" : "&code_challenge=" + challenge + "&code_challenge_method=S256");
    }

    private String operator(String secret, OperatorRole... roles) {
        String username = "op-" + UUID.randomUUID().toString().substring(0, 8);
        operators.create(username, roles.length == 0 ? EnumSet.noneOf(OperatorRole.class) : EnumSet.of(roles[0], roles),
                "test", secret);
        return username;
    }

    /** Up to the sign-in form: the authorization request is kept and the browser sent to the form. */
    private String signInForm(String verifier) throws Exception {
        MockHttpServletResponse authorize = browse(get(URI.create(authorizeUrl(CALLBACK, challenge(verifier)))));
        assertThat(authorize.getStatus()).isEqualTo(302);
        assertThat(authorize.getHeader("Location")).as("relative: the browser came through the gateway")
                .isEqualTo(SignInPage.PATH);
        Cookie session = jar.get("PAYCLOUD_ISSUER_SESSION");
        assertThat(session).as(jar.keySet() + " " + authorize.getHeaders("Set-Cookie")).isNotNull();
        assertThat(session.getPath()).isEqualTo("/oauth2");
        assertThat(session.isHttpOnly()).isTrue();

        MockHttpServletResponse form = browse(get(SignInPage.PATH));
        assertThat(form.getStatus()).isEqualTo(200);
        assertThat(form.getContentType()).startsWith("text/html");
        assertThat(form.getHeader("Cache-Control")).contains("no-store");
        Matcher csrf = CSRF.matcher(form.getContentAsString());
        assertThat(csrf.find()).as("the form carries the session's CSRF token").isTrue();
        return csrf.group(1);
    }

    private MockHttpServletResponse submit(String username, String secret, String csrf) throws Exception {
        return submit(username, secret, csrf, null);
    }

    private MockHttpServletResponse submit(String username, String secret, String csrf, String code) throws Exception {
        MockHttpServletRequestBuilder post = post(SignInPage.PATH).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("username", username).param("password", secret);
        if (code != null) {
            post.param("code", code);
        }
        if (csrf != null) {
            post.param("_csrf", csrf);
        }
        return browse(post);
    }

    private MvcResult exchange(String code, String verifier, String redirectUri) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", CONSOLE);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return mvc.perform(post("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")))).andReturn();
    }

    @Test
    void anOperatorSignsInAndTheConsoleGetsAnIdTokenNamingThemAndTheirRoles() throws Exception {
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER, OperatorRole.RISK);
        String verifier = verifier();
        String csrf = signInForm(verifier);

        MockHttpServletResponse signedIn = submit(username, secret, csrf);
        assertThat(signedIn.getStatus()).isEqualTo(302);
        String back = signedIn.getHeader("Location");
        assertThat(back).as("back to the authorization request, relative").startsWith("/oauth2/authorize?");

        MockHttpServletResponse authorized = browse(get(URI.create(back)));
        assertThat(authorized.getStatus()).isEqualTo(302);
        URI callback = URI.create(authorized.getHeader("Location"));
        // one sign-in, one code: the issuer's session ended with it, so another authorization asks again
        assertThat(browse(get(URI.create(authorizeUrl(CALLBACK, challenge(verifier()))))).getHeader("Location"))
                .isEqualTo(SignInPage.PATH);
        assertThat(callback.toString()).startsWith(CALLBACK + "?");
        Map<String, String> query = UriComponentsBuilder.fromUri(callback).build().getQueryParams().toSingleValueMap();
        assertThat(query).containsEntry("state", "st-1").containsKey("code");
        String code = query.get("code");

        MvcResult tokens = exchange(code, verifier, CALLBACK);
        assertThat(tokens.getResponse().getStatus()).as(tokens.getResponse().getContentAsString()).isEqualTo(200);
        JsonNode body = json.readTree(tokens.getResponse().getContentAsString());
        SignedJWT id = SignedJWT.parse(body.path("id_token").asString());
        assertThat(id.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(id.getJWTClaimsSet().getSubject()).isEqualTo(username);
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly(CONSOLE);
        assertThat(id.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(id.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(id.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("viewer", "risk");
        assertThat(id.getJWTClaimsSet().getDateClaim("auth_time")).as("when the operator signed in").isNotNull();
        SignedJWT access = SignedJWT.parse(body.path("access_token").asString());
        assertThat(access.getJWTClaimsSet().getSubject()).isEqualTo(username);
        assertThat(access.getJWTClaimsSet().getAudience()).as("the console's token opens no API").containsExactly(CONSOLE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?").param(username)
                .query(Long.class).single()).as("nothing kept once the code is exchanged").isZero();
        assertThat(body.has("refresh_token")).as("a public client gets no refresh token").isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = ? AND action = 'operator.signed_in'")
                .param(username).query(Long.class).single()).isEqualTo(1);

        // a code works once
        assertThat(exchange(code, verifier, CALLBACK).getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void aWrongSecretOrADisabledOperatorIsSentBackToTheFormAndNoCodeIsIssued() throws Exception {
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER);
        String csrf = signInForm(verifier());

        MockHttpServletResponse wrong = submit(username, secret + "x", csrf);
        assertThat(wrong.getStatus()).isEqualTo(302);
        assertThat(wrong.getHeader("Location")).isEqualTo(SignInPage.PATH + "?error");
        // nothing of the attempt stays in the session (the default failure handler keeps the exception, and the secret typed)
        String sessionId = new String(Base64.getDecoder().decode(jar.get("PAYCLOUD_ISSUER_SESSION").getValue()),
                StandardCharsets.UTF_8);
        org.springframework.session.Session session = sessions.findById(sessionId);
        assertThat(session).isNotNull();
        for (String name : session.getAttributeNames()) {
            assertThat(String.valueOf((Object) session.getAttribute(name))).as(name).doesNotContain(secret);
        }
        assertThat(session.getAttributeNames()).doesNotContain("SPRING_SECURITY_LAST_EXCEPTION");
        MockHttpServletResponse unknown = submit("nobody-" + username, secret, csrf);
        assertThat(unknown.getHeader("Location")).isEqualTo(SignInPage.PATH + "?error");
        operators.setEnabled(username, false);
        MockHttpServletResponse disabled = submit(username, secret, csrf);
        assertThat(disabled.getHeader("Location")).isEqualTo(SignInPage.PATH + "?error");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = ? AND action = 'operator.sign_in_failed'")
                .param(username).query(Long.class).single()).isEqualTo(2);

        MockHttpServletResponse page = browse(get(SignInPage.PATH + "?error=<script>x</script>"));
        assertThat(page.getContentAsString()).contains("id=\"error\"").doesNotContain("<script>");
    }

    @Test
    void aSignInWithoutTheFormsCsrfTokenIsRefused() throws Exception {
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER);
        signInForm(verifier());

        MockHttpServletResponse forged = submit(username, secret, null);
        assertThat(forged.getStatus()).isEqualTo(403);
        MockHttpServletResponse wrongToken = submit(username, secret, "not-the-token");
        assertThat(wrongToken.getStatus()).isEqualTo(403);
    }

    @Test
    void onlyTheRegisteredCallbackWithPkceGetsACodeAndOnlyWithTheVerifierIsItExchanged() throws Exception {
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER);
        String verifier = verifier();
        String csrf = signInForm(verifier);
        String back = submit(username, secret, csrf).getHeader("Location");

        // another callback: an error page at the issuer, the browser is not sent anywhere
        MockHttpServletResponse elsewhere = browse(get(URI.create(authorizeUrl("https://evil.example/cb", challenge(verifier)))));
        assertThat(elsewhere.getStatus()).isEqualTo(400);
        MockHttpServletResponse sibling = browse(get(URI.create(authorizeUrl(CALLBACK + "/../x", challenge(verifier)))));
        assertThat(sibling.getStatus()).isEqualTo(400);
        // a loopback address's callback on another port: the issuer would match 127.0.0.1 on any port, so none is registered
        for (String loopback : new String[] {"http://127.0.0.1:1/login/oauth2/code/paycloud",
                "http://127.0.0.1:8761/login/oauth2/code/paycloud", "http://localhost:1/login/oauth2/code/paycloud"}) {
            assertThat(browse(get(URI.create(authorizeUrl(loopback, challenge(verifier))))).getStatus()).as(loopback)
                    .isEqualTo(400);
        }
        // without PKCE: refused back at the callback with an error, no code
        MockHttpServletResponse noPkce = browse(get(URI.create(authorizeUrl(CALLBACK, null))));
        assertThat(noPkce.getStatus()).isEqualTo(302);
        assertThat(noPkce.getHeader("Location")).startsWith(CALLBACK).contains("error=").doesNotContain("code=");

        URI callback = URI.create(browse(get(URI.create(back))).getHeader("Location"));
        String code = UriComponentsBuilder.fromUri(callback).build().getQueryParams().getFirst("code");
        assertThat(exchange(code, verifier(), CALLBACK).getResponse().getStatus()).as("another verifier").isEqualTo(400);
    }

    @Test
    void scriptsTokensAreNotKeptAndExpiredAuthorizationsAreForgotten() throws Exception {
        long before = jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization").query(Long.class).single();
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER);
        MvcResult token = mvc.perform(post("/oauth2/token").with(request -> {
            request.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
            return request;
        }).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("grant_type=client_credentials")).andReturn();
        assertThat(token.getResponse().getStatus()).isEqualTo(200);
        assertThat(token.getResponse().getCookies()).as("no session for a script").isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization").query(Long.class).single()).isEqualTo(before);

        jdbc.sql("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type, "
                + "authorization_code_expires_at) VALUES (?, ?, ?, 'authorization_code', '2020-01-01 00:00:00')")
                .params("old-" + UUID.randomUUID(), CONSOLE, username).update();
        assertThat(janitor.forgetExpired()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?").param(username)
                .query(Long.class).single()).isZero();
    }

    /** The code an authenticator app shows now for {@code secret}. */
    private String totp(String secret, long stepsFromNow) {
        return SecondFactors.code(SecondFactors.unbase32(secret), clock.instant().getEpochSecond() / 30 + stepsFromNow, 6);
    }

    private MockHttpServletResponse enrol(String username, String as, OperatorRole role) throws Exception {
        return mvc.perform(post("/v1/operators/" + username + "/second-factor")
                .header(TestIdentities.HEADER, TestIdentities.operator(as, "account-service", role))).andReturn().getResponse();
    }

    /** The whole sign-in with a code; the ID token's claims, or null when the form sent the browser back with an error. */
    private com.nimbusds.jwt.JWTClaimsSet signInWithCode(String username, String secret, String code) throws Exception {
        jar.clear();
        String verifier = verifier();
        MockHttpServletResponse signedIn = submit(username, secret, signInForm(verifier), code);
        if (!signedIn.getHeader("Location").startsWith("/oauth2/authorize?")) {
            return null;
        }
        URI callback = URI.create(browse(get(URI.create(signedIn.getHeader("Location")))).getHeader("Location"));
        String issued = UriComponentsBuilder.fromUri(callback).build().getQueryParams().getFirst("code");
        JsonNode body = json.readTree(exchange(issued, verifier, CALLBACK).getResponse().getContentAsString());
        return SignedJWT.parse(body.path("id_token").asString()).getJWTClaimsSet();
    }

    @Test
    void anAdministratorSignsInWithAOneTimeCodeOfTheirOwnEachCodeOnce() throws Exception {
        String secret = Operators.newSecret();
        String admin = operator(secret, OperatorRole.ADMIN);
        assertThat(signInWithCode(admin, secret, "123456")).as("no second factor enrolled yet").isNull();

        // an operator enrols their own second factor, nobody else's
        String other = operator(Operators.newSecret(), OperatorRole.ADMIN);
        assertThat(enrol(admin, other, OperatorRole.ADMIN).getStatus()).isEqualTo(403);
        MockHttpServletResponse enrolled = enrol(admin, admin, OperatorRole.ADMIN);
        assertThat(enrolled.getStatus()).isEqualTo(201);
        JsonNode factor = json.readTree(enrolled.getContentAsString());
        String totpSecret = factor.path("secret").asString();
        assertThat(totpSecret).matches("[A-Z2-7]{32}");
        assertThat(factor.path("otpauthUri").asString()).startsWith("otpauth://totp/PayCloud%3A" + admin + "?secret=" + totpSecret)
                .contains("issuer=PayCloud", "digits=6", "period=30");
        assertThat(jdbc.sql("SELECT totp_secret FROM operator WHERE username = ?").param(admin).query(String.class).single())
                .as("sealed at rest").startsWith("v1:").doesNotContain(totpSecret);

        assertThat(signInWithCode(admin, secret, null)).as("no code").isNull();
        assertThat(signInWithCode(admin, secret, "000000".equals(totp(totpSecret, 0)) ? "111111" : "000000")).as("wrong code")
                .isNull();
        assertThat(signInWithCode(admin, secret + "x", totp(totpSecret, 0))).as("right code, wrong secret").isNull();
        String code = totp(totpSecret, 0);
        com.nimbusds.jwt.JWTClaimsSet id = signInWithCode(admin, secret, code);
        assertThat(id).as("secret and code").isNotNull();
        assertThat(id.getSubject()).isEqualTo(admin);
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
        assertThat(signInWithCode(admin, secret, code)).as("the same code again").isNull();
        assertThat(signInWithCode(admin, secret, totp(totpSecret, -2))).as("a code from a minute ago").isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = ? AND action = 'operator.sign_in_failed' "
                + "AND outcome IN ('second_factor_not_enrolled', 'bad_code')").param(admin).query(Long.class).single())
                .isGreaterThanOrEqualTo(4);

        // replacing the factor takes a code of the enrolled one: a stolen secret alone cannot swap it
        MockHttpServletResponse swap = enrol(admin, admin, OperatorRole.ADMIN);
        assertThat(swap.getStatus()).isEqualTo(403);
        assertThat(swap.getContentType()).startsWith("application/problem+json");
        assertThat(signInWithCode(admin, secret, totp(totpSecret, 1))).as("the enrolled factor still works, a step ahead")
                .isNotNull();

        // a viewer's role needs no code; their ID token says the secret alone signed them in
        String viewerSecret = Operators.newSecret();
        String viewer = operator(viewerSecret, OperatorRole.VIEWER);
        assertThat(signInWithCode(viewer, viewerSecret, null).getStringListClaim("amr")).containsExactly("pwd");

        // a lost device: another administrator removes it, and the operator enrols again
        MockHttpServletResponse own = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/v1/operators/" + admin + "/second-factor")
                .header(TestIdentities.HEADER, TestIdentities.operator(admin, "account-service", OperatorRole.ADMIN)))
                .andReturn().getResponse();
        assertThat(own.getStatus()).isEqualTo(403);
        MockHttpServletResponse removed = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/v1/operators/" + admin + "/second-factor")
                .header(TestIdentities.HEADER, TestIdentities.operator(other, "account-service", OperatorRole.ADMIN)))
                .andReturn().getResponse();
        assertThat(removed.getStatus()).isEqualTo(204);
        assertThat(signInWithCode(admin, secret, totp(totpSecret, 1))).as("the removed factor's code").isNull();
    }

    @Test
    void aRoleThatNeedsACodeGrantedAfterASignInWithoutOneGetsNoToken() throws Exception {
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER);
        String verifier = verifier();
        String back = submit(username, secret, signInForm(verifier)).getHeader("Location");
        URI callback = URI.create(browse(get(URI.create(back))).getHeader("Location"));
        String code = UriComponentsBuilder.fromUri(callback).build().getQueryParams().getFirst("code");

        operators.grant(username, OperatorRole.TREASURY);

        MvcResult refused = exchange(code, verifier, CALLBACK);
        assertThat(refused.getResponse().getStatus()).isBetween(400, 403);
        assertThat(refused.getResponse().getContentAsString()).doesNotContain("id_token");
    }

    @Test
    void tenWrongSecretsOrCodesInARowLockTheSignInForHalfAnHour() throws Exception {
        String secret = Operators.newSecret();
        String admin = operator(secret, OperatorRole.ADMIN);
        String totpSecret = json.readTree(enrol(admin, admin, OperatorRole.ADMIN).getContentAsString()).path("secret").asString();
        // nine failures, then a success: the count starts again
        for (int i = 0; i < 9; i++) {
            assertThat(signInWithCode(admin, i % 2 == 0 ? secret + "x" : secret, "999999".equals(totp(totpSecret, 0)) ? "888888"
                    : "999999")).isNull();
        }
        assertThat(signInWithCode(admin, secret, totp(totpSecret, 0))).isNotNull();
        for (int i = 0; i < 9; i++) {
            assertThat(signInWithCode(admin, secret + "x", null)).isNull();
        }
        assertThat(operators.signInLocked(admin)).as("nine in a row").isFalse();
        assertThat(signInWithCode(admin, secret + "x", null)).isNull();
        assertThat(operators.signInLocked(admin)).as("the tenth in a row").isTrue();
        // locked: the right secret and code sign nobody in
        assertThat(signInWithCode(admin, secret, totp(totpSecret, 1))).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE actor = ? AND action = 'operator.sign_in_failed' "
                + "AND outcome = 'locked'").param(admin).query(Long.class).single()).isEqualTo(1);
        // half an hour later it opens again
        jdbc.sql("UPDATE operator SET sign_in_locked_until = ? WHERE username = ?")
                .params(io.paycloud.common.time.Times.toDb(clock.instant().minusSeconds(1)), admin).update();
        assertThat(signInWithCode(admin, secret, totp(totpSecret, 1))).isNotNull();
    }

    @Test
    void theOneTimeCodesAreRfc6238s() {
        byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        // RFC 6238, appendix B (SHA-1): time → 8-digit TOTP, 30-second steps
        assertThat(SecondFactors.code(key, 59 / 30, 8)).isEqualTo("94287082");
        assertThat(SecondFactors.code(key, 1111111109L / 30, 8)).isEqualTo("07081804");
        assertThat(SecondFactors.code(key, 1111111111L / 30, 8)).isEqualTo("14050471");
        assertThat(SecondFactors.code(key, 1234567890L / 30, 8)).isEqualTo("89005924");
        assertThat(SecondFactors.code(key, 2000000000L / 30, 8)).isEqualTo("69279037");
        assertThat(SecondFactors.code(key, 20000000000L / 30, 8)).isEqualTo("65353130");
        assertThat(SecondFactors.code(key, 59 / 30, 6)).isEqualTo("287082");
        // RFC 4648's base32 test vector, and back
        assertThat(SecondFactors.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(SecondFactors.unbase32(SecondFactors.base32(key))).isEqualTo(key);
    }

    @Test
    void theConsolesAndTheDashboardsClientIdsAreNoOperatorsNames() {
        for (String client : new String[] {CONSOLE, "paycloud-dashboard"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> operators.create(client, "test"))
                    .hasMessageContaining("reserved");
        }
    }

    @Test
    void theDashboardAtTheGatewayGetsACodeForItsOwnAddressOnly() throws Exception {
        String secret = Operators.newSecret();
        String username = operator(secret, OperatorRole.VIEWER);
        String verifier = verifier();
        String dashboard = "http://localhost:8080/dashboard";
        String authorize = "/oauth2/authorize?response_type=code&client_id=paycloud-dashboard&scope=openid&state=d-1"
                + "&redirect_uri=" + URLEncoder.encode(dashboard, StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        assertThat(browse(get(URI.create(authorize))).getHeader("Location")).isEqualTo(SignInPage.PATH);
        String csrf = CSRF.matcher(browse(get(SignInPage.PATH)).getContentAsString()).results().findFirst().orElseThrow().group(1);
        String back = submit(username, secret, csrf).getHeader("Location");
        URI callback = URI.create(browse(get(URI.create(back))).getHeader("Location"));
        assertThat(callback.toString()).startsWith(dashboard + "?");
        String code = UriComponentsBuilder.fromUri(callback).build().getQueryParams().getFirst("code");
        MvcResult tokens = mvc.perform(post("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("grant_type=authorization_code&client_id=paycloud-dashboard&code=" + code + "&code_verifier=" + verifier
                        + "&redirect_uri=" + URLEncoder.encode(dashboard, StandardCharsets.UTF_8))).andReturn();
        assertThat(tokens.getResponse().getStatus()).isEqualTo(200);
        SignedJWT access = SignedJWT.parse(json.readTree(tokens.getResponse().getContentAsString()).path("access_token").asString());
        assertThat(access.getJWTClaimsSet().getAudience()).containsExactly("paycloud");
        assertThat(access.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("viewer");

        // the console's callback is not the dashboard's, nor the other way round
        String crossed = authorize.replace(URLEncoder.encode(dashboard, StandardCharsets.UTF_8),
                URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8));
        assertThat(browse(get(URI.create(crossed))).getStatus()).isEqualTo(400);
        assertThat(browse(get(URI.create(authorizeUrl(dashboard, challenge(verifier))))).getStatus()).isEqualTo(400);
    }
}

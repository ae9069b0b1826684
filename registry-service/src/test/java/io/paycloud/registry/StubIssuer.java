package io.paycloud.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The operators' issuer as the console meets it: an authorization endpoint that "signs in" whichever
 * operator the test names ({@link #signInAs}) and sends the browser back with a code, a token endpoint
 * that exchanges that code, only with the PKCE verifier and the same callback, for an ID token, and a
 * JWK set. Operators: {@code ana} (viewer), {@code boss} (admin), {@code tess} (treasury only).
 * {@link #forge} makes the next ID token carry another claim value, to see the console refuse it.
 */
final class StubIssuer {

    static final String ISSUER = "http://issuer.test";
    static final Map<String, List<String>> ROLES = Map.of("ana", List.of("viewer"), "boss", List.of("admin"),
            "tess", List.of("treasury"));

    private record Grant(String operator, String clientId, String redirectUri, String challenge, String nonce) {
    }

    private final HttpServer server;
    private final ECKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile String operator;
    private volatile Map<String, Object> forged = Map.of();
    /** The query of the last authorization request, as the console sent it. */
    volatile Map<String, String> lastAuthorization = Map.of();

    StubIssuer() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("stub").algorithm(JWSAlgorithm.ES256).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oauth2/jwks", ex -> answer(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/oauth2/authorize", this::authorize);
        server.createContext("/oauth2/token", this::token);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void signInAs(String username) {
        this.operator = username;
        this.forged = Map.of();
    }

    void forge(String claim, Object value) {
        this.forged = Map.of(claim, value);
    }

    void stop() {
        server.stop(0);
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> query = form(ex.getRequestURI().getRawQuery());
        lastAuthorization = query;
        if (!"code".equals(query.get("response_type")) || query.get("redirect_uri") == null
                || !"S256".equals(query.get("code_challenge_method"))) {
            answer(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(operator, query.get("client_id"), query.get("redirect_uri"), query.get("code_challenge"),
                query.get("nonce")));
        ex.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null || !"authorization_code".equals(form.get("grant_type"))
                || !grant.clientId().equals(form.get("client_id")) || !grant.redirectUri().equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            answer(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().issuer(ISSUER).audience(grant.clientId())
                .subject(grant.operator()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nonce", grant.nonce()).claim("roles", ROLES.getOrDefault(grant.operator(), List.of()));
        forged.forEach(id::claim);
        JWTClaimsSet access = new JWTClaimsSet.Builder().issuer(ISSUER).audience("paycloud").subject(grant.operator())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();
        answer(ex, 200, "{\"access_token\":\"" + sign(access) + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
                + "\"scope\":\"openid\",\"id_token\":\"" + sign(id.build()) + "\"}");
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("stub").build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

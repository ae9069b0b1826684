package io.paycloud.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

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
 * The operators' issuer as the console meets it: a token endpoint taking an operator's name and secret
 * (Basic client authentication, client-credentials grant) and a JWK set. Operators: {@code ana} (viewer),
 * {@code boss} (admin), {@code tess} (treasury only), each with the secret {@code right}.
 */
final class StubIssuer {

    static final String ISSUER = "http://issuer.test";
    static final Map<String, List<String>> ROLES = Map.of("ana", List.of("viewer"), "boss", List.of("admin"),
            "tess", List.of("treasury"));

    private final HttpServer server;
    private final ECKey key;

    StubIssuer() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("stub").algorithm(JWSAlgorithm.ES256).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oauth2/jwks", ex -> answer(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/oauth2/token", this::token);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange ex) throws IOException {
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String[] credential = authorization == null || !authorization.startsWith("Basic ") ? new String[0]
                : new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        if (credential.length != 2 || !ROLES.containsKey(credential[0]) || !credential[1].equals("right")
                || !form.contains("grant_type=client_credentials")) {
            answer(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("stub").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience("paycloud").subject(credential[0])
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                        .claim("roles", ROLES.get(credential[0])).build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        answer(ex, 200, "{\"access_token\":\"" + jwt.serialize() + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
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

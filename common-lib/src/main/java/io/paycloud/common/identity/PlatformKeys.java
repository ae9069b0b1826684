package io.paycloud.common.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The platform's identity keys: one ES256 (P-256) key pair per service. Every service holds the
 * public keys of all of them as a JWK set and its own private key only. A key's {@code kid} is its
 * owner's name, optionally followed by {@code #} and a version ({@code payment-service#2}) so that a
 * new key can be published before the old one is retired; a token verifies only with a key owned
 * by the token's issuer.
 */
public final class PlatformKeys {

    private final Map<String, ECPublicKey> byKeyId;
    private final Set<String> services;

    private PlatformKeys(Map<String, ECPublicKey> byKeyId) {
        this.byKeyId = byKeyId;
        this.services = byKeyId.keySet().stream().map(PlatformKeys::ownerOf).collect(Collectors.toUnmodifiableSet());
    }

    /** Parses a JWK set of P-256 public keys, refusing private keys, other curves and unowned ids. */
    public static PlatformKeys fromJwks(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("paycloud.identity.jwks is empty");
        }
        try {
            JWKSet set = JWKSet.parse(json);
            Map<String, ECPublicKey> keys = new java.util.HashMap<>();
            for (JWK jwk : set.getKeys()) {
                if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalArgumentException("every key must be an EC P-256 key: " + jwk.getKeyID());
                }
                if (ec.isPrivate()) {
                    throw new IllegalArgumentException("the JWK set must hold public keys only: " + jwk.getKeyID());
                }
                if (jwk.getKeyID() == null || ownerOf(jwk.getKeyID()).isBlank()) {
                    throw new IllegalArgumentException("every key needs a kid naming its service");
                }
                keys.put(jwk.getKeyID(), ec.toECPublicKey());
            }
            return new PlatformKeys(Map.copyOf(keys));
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("paycloud.identity.jwks is not a valid JWK set", e);
        }
    }

    /** The service that owns a key id: what comes before {@code #}. */
    public static String ownerOf(String keyId) {
        int hash = keyId.indexOf('#');
        return hash < 0 ? keyId : keyId.substring(0, hash);
    }

    /** The public key with this id, if it is owned by {@code issuer}. */
    public Optional<ECPublicKey> keyOf(String issuer, String keyId) {
        if (issuer == null || keyId == null || !ownerOf(keyId).equals(issuer)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    /** Every service that has a key in the set. */
    public Set<String> services() {
        return services;
    }

    /** A base64 PKCS#8 EC private key, as {@code bin/identity-keys.java} prints it. */
    public static ECPrivateKey privateKey(String base64Pkcs8) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC private key (base64 PKCS#8)", e);
        }
    }
}

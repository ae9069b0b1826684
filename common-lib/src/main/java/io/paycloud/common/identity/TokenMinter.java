package io.paycloud.common.identity;

import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs the platform's internal identity tokens: ES256 JWTs with {@code kid}, {@code iss} (this
 * service), {@code sub}, {@code aud} (the one service the call goes to), {@code iat}, {@code exp} at
 * most {@link #MAX_TTL} later and {@code role}. The same token is handed out for one (subject, role,
 * audience) until half its lifetime has passed, so signing happens once per caller and audience every
 * half lifetime instead of once per request; the map is bounded.
 */
public final class TokenMinter {

    /** No token lives longer; receivers refuse longer ones. */
    public static final Duration MAX_TTL = Duration.ofSeconds(60);

    private record Minted(String token, Instant renewAt) {
    }

    private final String issuer;
    private final String keyId;
    private final JWSSigner signer;
    private final Duration ttl;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Minted> minted = new ConcurrentHashMap<>();

    public TokenMinter(String issuer, String keyId, ECPrivateKey key, Duration ttl, Clock clock) {
        this(issuer, keyId, key, ttl, clock, 10_000);
    }

    TokenMinter(String issuer, String keyId, ECPrivateKey key, Duration ttl, Clock clock, int maxEntries) {
        if (ttl.compareTo(MAX_TTL) > 0 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("paycloud.identity.token-ttl must be between 1 s and " + MAX_TTL);
        }
        if (!PlatformKeys.ownerOf(keyId).equals(issuer)) {
            throw new IllegalArgumentException("key id " + keyId + " does not belong to " + issuer);
        }
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a P-256 key", e);
        }
        this.issuer = issuer;
        this.keyId = keyId;
        this.ttl = ttl;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** This service's own identity, for a call to {@code audience}. */
    public String forService(String audience) {
        return token(issuer, Identity.Role.SERVICE, audience);
    }

    /** A token for {@code subject} in {@code role}, meant for {@code audience} only. */
    public String token(String subject, Identity.Role role, String audience) {
        return token(subject, role, List.of(), audience);
    }

    /** An operator's token, carrying the operator's roles ({@code roles} claim), for {@code audience} only. */
    public String operator(String username, Collection<OperatorRole> roles, String audience) {
        return token(username, Identity.Role.OPS, OperatorRole.wire(roles), audience);
    }

    private String token(String subject, Identity.Role role, List<String> roles, String audience) {
        Instant now = clock.instant();
        String key = role.claim() + "|" + subject + "|" + audience + "|" + String.join(",", roles);
        Minted current = minted.get(key);
        if (current != null && now.isBefore(current.renewAt())) {
            return current.token();
        }
        String token = sign(subject, role, roles, audience, now);
        if (minted.size() >= maxEntries) {
            minted.values().removeIf(m -> !now.isBefore(m.renewAt()));
            if (minted.size() >= maxEntries) {
                minted.clear();
            }
        }
        minted.put(key, new Minted(token, now.plus(ttl.dividedBy(2))));
        return token;
    }

    private String sign(String subject, Identity.Role role, List<String> roles, String audience, Instant now) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).type(JOSEObjectType.JWT).build();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("role", role.claim());
        if (!roles.isEmpty()) {
            claims.claim("roles", roles);
        }
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an identity token", e);
        }
        return jwt.serialize();
    }

    public String issuer() {
        return issuer;
    }

    int size() {
        return minted.size();
    }
}

package io.paycloud.common.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short-lived identity tokens: {@code base64url(claims) "." base64url(Ed25519 signature)}, where the
 * claims are {@code v1|role|subject|issuedAtEpochSecond|expiresAtEpochSecond}. Only the holder of the
 * private key can mint one; services hold the public key and can only verify. The format is plain
 * text rather than JSON so that verifying needs no parser and leaves no ambiguity.
 */
public final class IdentityTokens {

    /** The header that carries a token from the gateway, or between services. */
    public static final String HEADER = "PayCloud-Identity";

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Pattern CLAIMS =
            Pattern.compile("v1\\|(MERCHANT|OPS|SERVICE)\\|([A-Za-z0-9_.:-]{1,64})\\|(\\d{1,12})\\|(\\d{1,12})");

    private IdentityTokens() {
    }

    public static String sign(Identity identity, PrivateKey key) {
        if (!SUBJECT.matcher(identity.subject()).matches()) {
            throw new IllegalArgumentException("subject has characters a token cannot carry");
        }
        String claims = "v1|" + identity.role().name() + "|" + identity.subject() + "|"
                + identity.issuedAt().getEpochSecond() + "|" + identity.expiresAt().getEpochSecond();
        byte[] claimBytes = claims.getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(claimBytes);
            return B64.encodeToString(claimBytes) + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign identity", e);
        }
    }

    public static String issue(String subject, Identity.Role role, Duration ttl, PrivateKey key, Clock clock) {
        Instant now = clock.instant();
        return sign(new Identity(subject, role, now, now.plus(ttl)), key);
    }

    /** The identity a token vouches for, if its signature holds and it has not expired (30 s skew allowed). */
    public static Optional<Identity> verify(String token, PublicKey key, Clock clock) {
        return signedBy(token, key).filter(identity -> isCurrent(identity, clock));
    }

    /**
     * The identity a token carries if its signature holds, whatever its age: half of
     * {@link #verify}, for a caller that keeps verified tokens and checks {@link #isCurrent} on
     * every use.
     */
    public static Optional<Identity> signedBy(String token, PublicKey key) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] claims = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(claims);
            if (!s.verify(signature)) {
                return Optional.empty();
            }
            Matcher m = CLAIMS.matcher(new String(claims, StandardCharsets.US_ASCII));
            if (!m.matches()) {
                return Optional.empty();
            }
            Instant issued = Instant.ofEpochSecond(Long.parseLong(m.group(3)));
            Instant expires = Instant.ofEpochSecond(Long.parseLong(m.group(4)));
            return Optional.of(new Identity(m.group(2), Identity.Role.valueOf(m.group(1)), issued, expires));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether an identity is within its lifetime now, allowing 30 s of clock skew either way. */
    public static boolean isCurrent(Identity identity, Clock clock) {
        Instant now = clock.instant();
        return !now.isAfter(identity.expiresAt().plusSeconds(30)) && !identity.issuedAt().isAfter(now.plusSeconds(30));
    }

    public static PublicKey publicKey(String base64X509) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64X509.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64 X.509)", e);
        }
    }

    public static PrivateKey privateKey(String base64Pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (base64 PKCS#8)", e);
        }
    }
}

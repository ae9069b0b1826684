package io.paycloud.common.identity;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies identity tokens signed with one key, remembering the ones whose signature held. Callers
 * reuse a token for half its lifetime, so the same few tokens arrive again and again; an Ed25519
 * verification costs about half a millisecond of CPU, a map lookup almost nothing. Only tokens with
 * a good signature are remembered (nobody without the private key can fill the map), the lifetime
 * is checked on every use, and the map is bounded: when full, expired entries go, and if that is not
 * enough, everything does.
 */
public final class TokenVerifier {

    private final PublicKey key;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Identity> verified = new ConcurrentHashMap<>();

    public TokenVerifier(PublicKey key, Clock clock) {
        this(key, clock, 10_000);
    }

    TokenVerifier(PublicKey key, Clock clock, int maxEntries) {
        this.key = key;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** The identity the token vouches for, if it is signed with this verifier's key and current. */
    public Optional<Identity> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Identity known = verified.get(token);
        if (known == null) {
            Optional<Identity> signed = IdentityTokens.signedBy(token, key);
            if (signed.isEmpty()) {
                return Optional.empty();
            }
            known = signed.get();
            if (!IdentityTokens.isCurrent(known, clock)) {
                return Optional.empty();
            }
            remember(token, known);
        }
        return IdentityTokens.isCurrent(known, clock) ? Optional.of(known) : Optional.empty();
    }

    private void remember(String token, Identity identity) {
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(i -> !IdentityTokens.isCurrent(i, clock));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(token, identity);
    }

    int size() {
        return verified.size();
    }
}

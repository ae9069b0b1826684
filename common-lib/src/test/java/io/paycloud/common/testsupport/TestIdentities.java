package io.paycloud.common.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.paycloud.common.identity.DevelopmentIdentityKeys;
import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.OperatorRole;
import io.paycloud.common.identity.PlatformKeys;
import io.paycloud.common.identity.PlatformServices;
import io.paycloud.common.identity.TokenMinter;

/**
 * Identity tokens signed with the published development keys, as the gateway or a service would send
 * them, for tests that call a service directly ({@code Authorization: Bearer …}); each is meant for
 * one audience, the service under test. {@link #signed} makes the malformed ones a boundary test needs.
 */
public final class TestIdentities {

    public static final String HEADER = "Authorization";

    private static final Map<String, TokenMinter> MINTERS = new ConcurrentHashMap<>();

    private TestIdentities() {
    }

    public static String merchant(String merchantId, String audience) {
        return "Bearer " + minter(PlatformServices.GATEWAY).token(merchantId, Identity.Role.MERCHANT, audience);
    }

    /** An operator holding every role, as the gateway relays one. */
    public static String ops(String audience) {
        return operator("ops", audience, OperatorRole.values());
    }

    /** The operator {@code username} holding exactly {@code roles}, as the gateway relays one. */
    public static String operator(String username, String audience, OperatorRole... roles) {
        return "Bearer " + minter(PlatformServices.GATEWAY).operator(username, List.of(roles), audience);
    }

    /** {@code caller}'s own service identity, for a call to {@code audience}. */
    public static String service(String caller, String audience) {
        return "Bearer " + minter(caller).forService(audience);
    }

    /**
     * A token signed with {@code signer}'s development key, {@code kid} = {@code signer}, whose claims
     * start as a valid merchant token for {@code audience} from {@code signer} and are then changed by
     * {@code claims}: expired, over-long, another audience, another issuer, another role …
     */
    public static String signed(String signer, String audience, Consumer<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(signer).subject("mer_01ARZ3NDEKTSV4RRFFQ69G5FAV")
                .audience(audience).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .claim("role", "merchant");
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer).type(JOSEObjectType.JWT).build(),
                builder.build());
        try {
            jwt.sign(new ECDSASigner(PlatformKeys.privateKey(DevelopmentIdentityKeys.PRIVATE_KEYS.get(signer))));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return "Bearer " + jwt.serialize();
    }

    private static TokenMinter minter(String service) {
        return MINTERS.computeIfAbsent(service, s -> new TokenMinter(s, s,
                PlatformKeys.privateKey(DevelopmentIdentityKeys.PRIVATE_KEYS.get(s)), Duration.ofSeconds(60),
                Clock.systemUTC()));
    }
}

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Prints a fresh set of PayCloud identity keys as environment assignments:
 * {@code java bin/identity-keys.java > identity.env}. One ES256 (P-256) key pair per service:
 * {@code PAYCLOUD_IDENTITY_JWKS} holds every public key (each service gets it), and
 * {@code PAYCLOUD_IDENTITY_PRIVATE_KEY_<SERVICE>} each service's own private key, which that service
 * alone receives as {@code PAYCLOUD_IDENTITY_PRIVATE_KEY}.
 */
public class IdentityKeys {

    static final String[] SERVICES = {"gateway-service", "payment-service", "account-service", "risk-service", "analytics-service"};

    public static void main(String[] args) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        List<String> jwks = new ArrayList<>();
        List<String> privates = new ArrayList<>();
        for (String service : SERVICES) {
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            jwks.add("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + service + "\",\"use\":\"sig\",\"alg\":\"ES256\",\"x\":\""
                    + coordinate(pub.getW().getAffineX()) + "\",\"y\":\"" + coordinate(pub.getW().getAffineY()) + "\"}");
            privates.add("PAYCLOUD_IDENTITY_PRIVATE_KEY_" + service.toUpperCase().replace('-', '_') + "="
                    + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        }
        System.out.println("PAYCLOUD_IDENTITY_JWKS='{\"keys\":[" + String.join(",", jwks) + "]}'");
        privates.forEach(System.out::println);
    }

    /** A curve coordinate as JWK wants it: 32 bytes, big-endian, base64url without padding. */
    static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, fixed, 32 - n, n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Prints a fresh set of PayCloud identity keys as environment assignments:
 * {@code java bin/identity-keys.java > identity.env}. The gateway needs all four; services need the
 * two public keys and the service private key.
 */
public class IdentityKeys {

    public static void main(String[] args) throws Exception {
        for (String who : new String[] {"GATEWAY", "SERVICE"}) {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            System.out.println("PAYCLOUD_IDENTITY_" + who + "_PUBLIC_KEY="
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            System.out.println("PAYCLOUD_IDENTITY_" + who + "_PRIVATE_KEY="
                    + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        }
    }
}

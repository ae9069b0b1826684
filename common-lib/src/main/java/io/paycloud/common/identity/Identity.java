package io.paycloud.common.identity;

import java.time.Instant;

/**
 * Who a request runs for, as the gateway (or, inside the platform, a calling service) vouches for it
 * in a signed token.
 *
 * @param subject the merchant id for {@link Role#MERCHANT}, the ops user for {@link Role#OPS}, the
 *        calling service's name for {@link Role#SERVICE}
 * @param issuer the service that signed the token
 */
public record Identity(String subject, Role role, String issuer, Instant issuedAt, Instant expiresAt) {

    /** The {@code role} claim of a token, by its value. */
    public enum Role {
        MERCHANT("merchant"), OPS("ops"), SERVICE("service");

        private final String claim;

        Role(String claim) {
            this.claim = claim;
        }

        public String claim() {
            return claim;
        }

        public static Role ofClaim(String claim) {
            for (Role role : values()) {
                if (role.claim.equals(claim)) {
                    return role;
                }
            }
            return null;
        }
    }

    public boolean isMerchant() {
        return role == Role.MERCHANT;
    }
}

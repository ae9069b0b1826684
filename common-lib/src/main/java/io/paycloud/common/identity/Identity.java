package io.paycloud.common.identity;

import java.time.Instant;

/**
 * Who a request runs for, as the gateway (or, inside the platform, a calling service) vouches for it.
 *
 * @param subject the merchant id for {@link Role#MERCHANT}, the ops user for {@link Role#OPS}, the
 *        calling service's name for {@link Role#SERVICE}
 */
public record Identity(String subject, Role role, Instant issuedAt, Instant expiresAt) {

    public enum Role { MERCHANT, OPS, SERVICE }

    public boolean isMerchant() {
        return role == Role.MERCHANT;
    }
}

package io.paycloud.common.caller;

import java.util.Set;

import io.paycloud.common.identity.OperatorRole;

/**
 * An operator, by the username and roles the gateway vouched for; a controller method taking this
 * parameter answers operators only (which operator role an endpoint needs is in the service's security
 * configuration).
 */
public record Ops(String user, Set<OperatorRole> roles) {

    public Ops {
        roles = Set.copyOf(roles);
    }

    public boolean has(OperatorRole role) {
        return roles.contains(role);
    }
}

package io.paycloud.common.testsupport;

import java.time.Clock;
import java.time.Duration;

import io.paycloud.common.identity.Identity;
import io.paycloud.common.identity.IdentityTokens;

/**
 * Tokens signed with the published development keys, as the gateway or a service would send them,
 * for tests that call a service directly ({@code PayCloud-Identity} header).
 */
public final class TestIdentities {

    public static final String HEADER = IdentityTokens.HEADER;

    private static final String GATEWAY_PRIVATE = "MC4CAQAwBQYDK2VwBCIEILuOuuzPooPgLG41XEJkRB593t+Xj3hp9yA3vrB064Fy";
    private static final String SERVICE_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIOp7YGFkAh6BbR42S+Q0BvIv64Yr3wFWfuHHbjHdo5Ep";

    private TestIdentities() {
    }

    public static String merchant(String merchantId) {
        return IdentityTokens.issue(merchantId, Identity.Role.MERCHANT, Duration.ofMinutes(10),
                IdentityTokens.privateKey(GATEWAY_PRIVATE), Clock.systemUTC());
    }

    public static String ops() {
        return IdentityTokens.issue("ops", Identity.Role.OPS, Duration.ofMinutes(10),
                IdentityTokens.privateKey(GATEWAY_PRIVATE), Clock.systemUTC());
    }

    public static String service(String name) {
        return IdentityTokens.issue(name, Identity.Role.SERVICE, Duration.ofMinutes(10),
                IdentityTokens.privateKey(SERVICE_PRIVATE), Clock.systemUTC());
    }
}

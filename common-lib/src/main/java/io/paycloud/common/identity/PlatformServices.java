package io.paycloud.common.identity;

import java.util.Set;

/** The platform's applications that sign and receive internal identity tokens, by Eureka name. */
public final class PlatformServices {

    public static final String GATEWAY = "gateway-service";
    public static final String PAYMENT = "payment-service";
    public static final String ACCOUNT = "account-service";
    public static final String RISK = "risk-service";
    public static final String ANALYTICS = "analytics-service";

    public static final Set<String> ALL = Set.of(GATEWAY, PAYMENT, ACCOUNT, RISK, ANALYTICS);

    private PlatformServices() {
    }
}

package io.paycloud.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class CallersTest {

    private static Jwt jwt(String iss, String sub, String role) {
        return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "ES256"),
                Map.of("iss", iss, "sub", sub, "role", role, "aud", "account-service"));
    }

    private static java.util.List<String> of(Jwt jwt) {
        return Callers.authoritiesOf(jwt).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void onlyTheGatewayVouchesForMerchantsAndOps() {
        assertThat(of(jwt("gateway-service", "mer_1", "merchant"))).containsExactly(Callers.MERCHANT);
        assertThat(of(jwt("gateway-service", "ops", "ops"))).containsExactly(Callers.OPS);
        assertThat(of(jwt("payment-service", "mer_1", "merchant"))).isEmpty();
        assertThat(of(jwt("risk-service", "ops", "ops"))).isEmpty();
    }

    @Test
    void aServiceVouchesOnlyForItself() {
        assertThat(of(jwt("payment-service", "payment-service", "service"))).containsExactly(Callers.service("payment-service"));
        assertThat(of(jwt("risk-service", "payment-service", "service"))).isEmpty();
        assertThat(of(jwt("gateway-service", "gateway-service", "service"))).containsExactly(Callers.service("gateway-service"));
        assertThat(of(jwt("payment-service", "payment-service", "admin"))).isEmpty();
    }

    private static Jwt operator(String iss, String role, Object roles) {
        return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "ES256"),
                Map.of("iss", iss, "sub", "li.na", "role", role, "aud", "account-service", "roles", roles));
    }

    @Test
    void anOperatorsRolesCountOnlyAsTheGatewayRelaysThem() {
        assertThat(of(operator("gateway-service", "ops", java.util.List.of("treasury", "viewer"))))
                .containsExactlyInAnyOrder(Callers.OPS, Callers.operator(io.paycloud.common.identity.OperatorRole.TREASURY),
                        Callers.operator(io.paycloud.common.identity.OperatorRole.VIEWER));
        // unknown names grant nothing, and neither does a case that is not the role's
        assertThat(of(operator("gateway-service", "ops", java.util.List.of("root", "ADMIN", "admin ")))).containsExactly(Callers.OPS);
        // roles on a merchant's token, or from anyone but the gateway, grant nothing
        assertThat(of(operator("gateway-service", "merchant", java.util.List.of("admin")))).containsExactly(Callers.MERCHANT);
        assertThat(of(operator("payment-service", "ops", java.util.List.of("admin")))).isEmpty();
    }
}

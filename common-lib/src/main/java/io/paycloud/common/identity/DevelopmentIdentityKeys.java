package io.paycloud.common.identity;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Published development keys (and the development ops login), used only under the {@code embedded} and {@code test} profiles and
 * only where no key is configured. They are public knowledge: anything signed with them proves
 * nothing outside a developer's machine, which is why no other profile ever gets them.
 */
public class DevelopmentIdentityKeys implements EnvironmentPostProcessor, Ordered {

    static final Map<String, Object> KEYS = Map.of(
            "paycloud.identity.gateway-public-key", "MCowBQYDK2VwAyEAVGCDSaHRi3G1PfeKpweJnmnC3Js5JyI+IaY+7ac2XKQ=",
            "paycloud.identity.gateway-private-key", "MC4CAQAwBQYDK2VwBCIEILuOuuzPooPgLG41XEJkRB593t+Xj3hp9yA3vrB064Fy",
            "paycloud.identity.service-public-key", "MCowBQYDK2VwAyEAQCpFALCcfZQo847dp8fpzKVgcjxpbMjIGCx2cndEVRI=",
            "paycloud.identity.service-private-key", "MC4CAQAwBQYDK2VwBCIEIOp7YGFkAh6BbR42S+Q0BvIv64Yr3wFWfuHHbjHdo5Ep",
            // the documented development ops login (README), for the admin console and actuator
            "paycloud.ops.username", "ops",
            "paycloud.ops.password", "ops");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean development = Arrays.stream(environment.getActiveProfiles())
                .anyMatch(p -> p.equals("embedded") || p.equals("test"));
        if (!development && environment.getActiveProfiles().length == 0) {
            development = Arrays.asList(environment.getDefaultProfiles()).contains("embedded");
        }
        if (development) {
            environment.getPropertySources().addLast(new MapPropertySource("paycloudDevelopmentIdentityKeys", KEYS));
        }
    }

    @Override
    public int getOrder() {
        // after the application's own configuration files are loaded, so profiles are known
        return Ordered.LOWEST_PRECEDENCE;
    }
}

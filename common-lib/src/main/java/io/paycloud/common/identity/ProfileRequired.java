package io.paycloud.common.identity;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A service refuses to start without a profile: there is no default one, because a default would
 * decide for the operator where the data lives and which secrets apply. {@code bin/platform}, compose,
 * Kubernetes and the tests always name theirs.
 */
public class ProfileRequired implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getActiveProfiles().length == 0) {
            throw new IllegalStateException("No profile is active: set SPRING_PROFILES_ACTIVE (or --spring.profiles.active) "
                    + "to embedded, mysql, docker or k8s; outside embedded also PAYCLOUD_IDENTITY_JWKS, "
                    + "PAYCLOUD_IDENTITY_PRIVATE_KEY, PAYCLOUD_MONITORING_USERNAME/_PASSWORD and PAYCLOUD_REGISTRY_USERNAME/_PASSWORD");
        }
    }

    @Override
    public int getOrder() {
        // once the configuration files are read, so a profile they activate counts
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}

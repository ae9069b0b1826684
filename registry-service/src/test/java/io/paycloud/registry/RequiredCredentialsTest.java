package io.paycloud.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Outside the embedded and test profiles no credential has a default: a missing one stops startup
 * and names its variable, rather than binding the unresolved {@code ${VARIABLE}} text as a password
 * anyone could guess.
 */
class RequiredCredentialsTest {

    @ParameterizedTest
    @ValueSource(strings = {"REGISTRY", "MONITORING"})
    void aMissingCredentialStopsStartupNamingItsVariable(String credential) {
        assumeTrue(System.getenv("PAYCLOUD_" + credential + "_USERNAME") == null
                && System.getenv("PAYCLOUD_" + credential + "_PASSWORD") == null,
                "PAYCLOUD_" + credential + "_USERNAME/PASSWORD are set in this environment");
        // command-line arguments, as they outrank application.yml
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=k8s", "--server.port=0",
                "--management.server.port=0", "--eureka.client.fetch-registry=false"));
        for (String other : List.of("REGISTRY", "MONITORING")) {
            if (!other.equals(credential)) {
                String prefix = "--paycloud." + other.toLowerCase() + ".";
                args.add(prefix + "username=" + other.toLowerCase() + "-user");
                args.add(prefix + "password=" + other.toLowerCase() + "-password");
            }
        }
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext started = SpringApplication.run(RegistryApplication.class,
                    args.toArray(String[]::new))) {
                // started: the assertion below fails
            }
        }).hasStackTraceContaining("set PAYCLOUD_" + credential + "_USERNAME")
                .hasStackTraceContaining("set PAYCLOUD_" + credential + "_PASSWORD");
    }
}

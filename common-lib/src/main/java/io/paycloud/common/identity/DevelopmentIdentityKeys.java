package io.paycloud.common.identity;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Published development secrets, used only under the {@code embedded} and {@code test} profiles
 * (named explicitly: a service started without a profile gets none of them) and only where nothing
 * is configured: the platform's development JWK set with this application's
 * development private key, the monitoring credential (actuator on the management port) and the
 * registry credential (Eureka). There is no development ops login: operators sign in one by one
 * through the issuer in every profile. These are public knowledge: anything signed
 * or opened with them proves nothing outside a developer's machine, which is why no other profile
 * ever gets them. {@code bin/platform} makes fresh identity keys for every run regardless.
 */
public class DevelopmentIdentityKeys implements EnvironmentPostProcessor, Ordered {

    /** Public keys of the development key pairs below, {@code kid} = owner. */
    public static final String JWKS = "{\"keys\":["
            + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"gateway-service\",\"use\":\"sig\",\"alg\":\"ES256\","
            + "\"x\":\"ikWeHLICq5Q7aVP2VM1jx2nsbi8WqrnIBf-LJ0_4gnE\",\"y\":\"qbqaoHihNHUFILJDMvNz6A92wJU5r-RPLUJKtgaphNw\"},"
            + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"payment-service\",\"use\":\"sig\",\"alg\":\"ES256\","
            + "\"x\":\"3i1YC2ZFgJQlW4u-LQk5NOEmyJ9X5FOaW7CBU9-Lx8A\",\"y\":\"lK-9nbRr-ZDP2kXqkhnIlqp6nEWKwWBJziyAqrGE9FM\"},"
            + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"account-service\",\"use\":\"sig\",\"alg\":\"ES256\","
            + "\"x\":\"dlcWCnry6FeN--DHONDpg52imCW0yzXRtSNcKNjtzos\",\"y\":\"2wea-AOvvczwFc1knG1YJv0vUhtWQheCF56k0uP1yvw\"},"
            + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"risk-service\",\"use\":\"sig\",\"alg\":\"ES256\","
            + "\"x\":\"t45z_LbohcwetYQRcGeGLcTTpb9gqJ7tpyMZ8q-8Ghk\",\"y\":\"nwVHWXSsGcUdIkgNrzq4tPU_f13YADRfDoJkfuRiGAw\"},"
            + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"analytics-service\",\"use\":\"sig\",\"alg\":\"ES256\","
            + "\"x\":\"0iPk5GthdvWOWUwt---4wMm7zj6RhQKvctimlk5P4UI\",\"y\":\"-fX3w0bwAiNc0von2ePnGPppocgVUcODeBerNyVPd-g\"}]}";

    /** Development private keys (base64 PKCS#8), by owner. */
    public static final Map<String, String> PRIVATE_KEYS = Map.of(
            PlatformServices.GATEWAY, "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCDx+o2gKRrM5iZfEu3lPELh6SwXble+IWMWbqFFXgsiUA==",
            PlatformServices.PAYMENT, "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCAk9PDFM7WRoAmasnzm2d6IIv5kO2LXaydMrxrlanomjA==",
            PlatformServices.ACCOUNT, "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCCrBMZsqP7Z0Z6J9Sp3tEkKHNya4pnzxPM1xYgP8Qf0UQ==",
            PlatformServices.RISK, "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCBSJHGEIzx2AmzJpIXRVIdLTpITYKXLgSMIh/SnxF+3zA==",
            PlatformServices.ANALYTICS, "MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCAFyPHWN4FxjXP/fHqAkttNmdagfYZJbP0iWPq1/viuxQ==");

    /** The development monitoring credential (actuator on the management port). */
    public static final String MONITORING_USER = "monitor";
    public static final String MONITORING_PASSWORD = "monitor-dev";
    /** The development registry credential (Eureka). */
    public static final String REGISTRY_USER = "registry";
    public static final String REGISTRY_PASSWORD = "registry-dev";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // only a profile named on purpose: no profile at all is not development
        boolean development = Arrays.stream(environment.getActiveProfiles())
                .anyMatch(p -> p.equals("embedded") || p.equals("test"));
        if (!development) {
            return;
        }
        Map<String, Object> secrets = new HashMap<>();
        secrets.put("paycloud.identity.jwks", JWKS);
        String own = PRIVATE_KEYS.get(environment.getProperty("spring.application.name", ""));
        if (own != null) {
            secrets.put("paycloud.identity.private-key", own);
        }
        secrets.put("paycloud.monitoring.username", MONITORING_USER);
        secrets.put("paycloud.monitoring.password", MONITORING_PASSWORD);
        secrets.put("paycloud.registry.username", REGISTRY_USER);
        secrets.put("paycloud.registry.password", REGISTRY_PASSWORD);
        environment.getPropertySources().addLast(new MapPropertySource("paycloudDevelopmentSecrets", secrets));
    }

    @Override
    public int getOrder() {
        // after the application's own configuration files are loaded, so profiles are known
        return Ordered.LOWEST_PRECEDENCE;
    }
}

package io.paycloud.common.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * Every service's OpenAPI document describes how callers authenticate at the gateway (where the
 * gateway aggregates them into one Swagger UI), and follows the same conventions.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiAutoConfiguration {

    static final String CONVENTIONS = """
            Served through the PayCloud gateway. Where the API contract is silent it follows Stripe's
            conventions: integer amounts in the currency's minor unit, `limit`/`startingAfter` cursors with
            the newest first, `Idempotency-Key` on every POST, and RFC 9457 problems (`application/problem+json`)
            carrying `code`, `param` and `requestId`.""";

    @Bean
    OpenApiCustomizer paycloudSecuritySchemes(@Value("${spring.application.name:service}") String name) {
        return openApi -> {
            if (openApi.getInfo() == null || openApi.getInfo().getTitle() == null
                    || openApi.getInfo().getTitle().startsWith("OpenAPI definition")) {
                openApi.info(new Info().title("PayCloud " + name).version("v1").description(CONVENTIONS));
            }
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            components.addSecuritySchemes("merchantKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("sk_test_…")
                    .description("The merchant's secret API key: `Authorization: Bearer sk_test_…`."));
            components.addSecuritySchemes("operatorToken", new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                    .description("An operator's access token from the platform's OpenID Connect issuer (client credentials: "
                            + "the operator's username and secret), sent as `Authorization: Bearer …`. Each operators' "
                            + "endpoint needs a role: viewer, support, risk, treasury or admin. A merchant key there, or an "
                            + "operator without the role, is a 403.")
                    .flows(new io.swagger.v3.oas.models.security.OAuthFlows().clientCredentials(
                            new io.swagger.v3.oas.models.security.OAuthFlow().tokenUrl("/oauth2/token")
                                    .scopes(new io.swagger.v3.oas.models.security.Scopes()))));
            openApi.components(components);
            // documents are read through the gateway, and service-to-service endpoints are not for callers
            openApi.servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/")
                    .description("the PayCloud gateway")));
            if (openApi.getPaths() != null) {
                openApi.getPaths().keySet().removeIf(path -> path.startsWith("/internal"));
            }
            openApi.addSecurityItem(new SecurityRequirement().addList("merchantKey"));
            openApi.addSecurityItem(new SecurityRequirement().addList("operatorToken"));
        };
    }
}

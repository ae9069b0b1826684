package io.paycloud.common.openapi;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * Every service's OpenAPI document describes how callers authenticate at the gateway (where the
 * gateway aggregates them into one Swagger UI), and follows the same conventions: the licence, RFC 9457
 * problems for every error ({@link ProblemResponses}), and no argument that the service
 * resolves itself (the caller's identity) shown as a parameter.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiAutoConfiguration {

    static final String CONVENTIONS = """
            Served through the PayCloud gateway. Where the API contract is silent it follows Stripe's
            conventions: integer amounts in the currency's minor unit, `limit`/`startingAfter` cursors with
            the newest first, `Idempotency-Key` on the operations that document it, and RFC 9457 problems
            (`application/problem+json`) carrying `code`, `param` and `requestId`.""";

    static {
        // a JsonNode field holds any JSON object (an event's object, an approval's request), not a bean
        Schema<Object> anyObject = ProblemResponses.schema("object");
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class, anyObject)
                .replaceWithSchema(tools.jackson.databind.node.ObjectNode.class, anyObject);
    }

    @Bean
    OpenApiCustomizer paycloudSecuritySchemes(@Value("${spring.application.name:service}") String name) {
        return openApi -> {
            if (openApi.getInfo() == null || openApi.getInfo().getTitle() == null
                    || openApi.getInfo().getTitle().startsWith("OpenAPI definition")) {
                openApi.info(new Info().title("PayCloud " + name).version("v1").description(CONVENTIONS));
            }
            openApi.getInfo().license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"));
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
            openApi.setSecurity(List.of(new SecurityRequirement().addList("merchantKey"),
                    new SecurityRequirement().addList("operatorToken")));
            ListParameters.describe(openApi);
            ProblemResponses.addTo(openApi);
        };
    }

    /**
     * Parameters that one of the service's own argument resolvers fills in (the caller, from the verified
     * identity) are nothing a client sends: springdoc would show them as required query parameters.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(RequestMappingHandlerAdapter.class)
    static class ResolvedArguments {

        @Bean
        SmartInitializingSingleton paycloudResolvedArgumentsHidden(ObjectProvider<RequestMappingHandlerMapping> mappings,
                ObjectProvider<RequestMappingHandlerAdapter> adapters) {
            return () -> {
                List<HandlerMethodArgumentResolver> resolvers = adapters.orderedStream()
                        .flatMap(adapter -> adapter.getCustomArgumentResolvers() == null ? java.util.stream.Stream.empty()
                                : adapter.getCustomArgumentResolvers().stream())
                        .toList();
                if (resolvers.isEmpty()) {
                    return;
                }
                mappings.orderedStream().flatMap(mapping -> mapping.getHandlerMethods().values().stream())
                        .map(HandlerMethod::getMethodParameters).flatMap(java.util.Arrays::stream)
                        .filter(parameter -> resolvers.stream().anyMatch(r -> r.supportsParameter(parameter)))
                        .map(MethodParameter::getParameterType).distinct()
                        .forEach(type -> SpringDocUtils.getConfig().addRequestWrapperToIgnore(type));
            };
        }
    }
}

package io.paycloud.payment.idempotency;

import java.util.Arrays;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * What {@link IdempotencyFilter} does to every merchant POST, in the OpenAPI document: the optional
 * {@code Idempotency-Key} header, {@code Idempotent-Replayed} on a replayed answer, 409 while the key's
 * first request runs and 422 for another request under a used key.
 */
@Component
class IdempotencyDocumentation implements OperationCustomizer {

    static final String IN_USE = "`idempotency_key_in_use`: the first request under this `Idempotency-Key` is still running.";
    static final String REUSED = "`idempotency_key_reused`: this `Idempotency-Key` was used for another request "
            + "(another method, path or body).";

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), RequestMapping.class);
        if (mapping == null || !Arrays.asList(mapping.method()).contains(RequestMethod.POST)
                || Arrays.stream(mapping.path()).noneMatch(path -> path.startsWith("/v1/"))) {
            return operation;
        }
        String description = "Makes the request safe to retry: a request sent again with the same key (by the same "
                + "merchant) answers the first one's stored status and body, with `Idempotent-Replayed: true`. 1 to 255 characters.";
        Parameter key = operation.getParameters() == null ? null : operation.getParameters().stream()
                .filter(p -> IdempotencyFilter.HEADER.equalsIgnoreCase(p.getName())).findFirst().orElse(null);
        if (key == null) {
            operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                    .description(description).schema(new StringSchema().minLength(1).maxLength(255)));
        } else {
            key.description(description).schema(new StringSchema().minLength(1).maxLength(255));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                response.addHeaderObject("Idempotent-Replayed", new Header()
                        .description("`true` when this is the stored answer to an earlier request with the same key.")
                        .schema(new StringSchema()._enum(java.util.List.of("true"))));
            }
        });
        merge(responses, "409", IN_USE);
        merge(responses, "422", REUSED);
        operation.responses(responses);
        return operation;
    }

    private static void merge(ApiResponses responses, String status, String description) {
        ApiResponse response = responses.get(status);
        if (response == null) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        } else {
            response.description(response.getDescription() + " Or " + description);
        }
    }
}

package io.paycloud.common.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * The list parameters of the API contract, described once: {@code limit} (1 to 100, default 10 unless
 * the operation says otherwise) and {@code startingAfter} (the cursor).
 */
public final class ListParameters {

    private ListParameters() {
    }

    /** Describes every query parameter named {@code limit} or {@code startingAfter} that has no description. */
    public static void describe(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().stream().filter(p -> "query".equals(p.getIn())).forEach(ListParameters::describe);
            }
        }));
    }

    private static void describe(Parameter parameter) {
        if ("limit".equals(parameter.getName()) && parameter.getSchema() != null) {
            parameter.getSchema().minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(100));
            if (parameter.getDescription() == null) {
                parameter.description("How many objects to return, 1 to 100 (default 10).");
                parameter.getSchema().setDefault(10);
            }
        } else if ("startingAfter".equals(parameter.getName()) && parameter.getDescription() == null) {
            parameter.description("The id of the last object of the previous page: the page after it is answered.");
        }
    }
}

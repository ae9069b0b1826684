package io.paycloud.common.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import io.paycloud.common.error.Problems;

/**
 * The error answers every operation of a PayCloud document can give, as RFC 9457 problems: the
 * {@code Problem} schema, and per operation the generic refusals (401, 403, 429 and 503 everywhere, as the
 * gateway answers them; 400 where the operation takes parameters or a body, 413 and 415 where it takes a
 * body; 404 where its path names an object). A response an operation declares itself (a 409 with its
 * codes, a 403 with its reasons) keeps its description; every 4xx and 5xx answers {@code application/problem+json}.
 */
public final class ProblemResponses {

    public static final String SCHEMA = "Problem";
    public static final String MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    static final String BAD_REQUEST = "`parameter_missing`, `parameter_invalid` or `parameter_unknown` (a body field "
            + "the endpoint does not take), or `json_invalid` (a body that is not JSON, or a JSON type that is not the "
            + "field's: nothing is coerced); `param` names the field. Nothing was written.";
    static final String BAD_QUERY = "`parameter_missing` or `parameter_invalid`; `param` names the parameter.";
    static final String UNAUTHENTICATED = "`unauthenticated`: no credential, or one the gateway does not know.";
    static final String FORBIDDEN = "`forbidden`: the credential may not call this endpoint (a merchant key on an "
            + "operators' endpoint, an operator without its role, or an operator's token on a merchant endpoint).";
    static final String NOT_FOUND = "`resource_missing`: no such object, or one that belongs to someone else.";
    static final String TOO_LARGE = "`body_too_large`: the gateway takes bodies of up to 64 KB.";
    static final String MEDIA = "`unsupported_media_type`: send the body as `application/json`.";
    static final String RATE_LIMITED = "`rate_limited`: too many requests (per merchant, or failed authentications per "
            + "client address or operator); retry after `Retry-After` seconds.";
    static final String UNAVAILABLE = "`service_unavailable`: the service, or one it needs, does not answer right now; "
            + "nothing was done. Retry later (a POST with the same `Idempotency-Key`).";

    private static final Set<PathItem.HttpMethod> BODILESS = Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.DELETE,
            PathItem.HttpMethod.HEAD, PathItem.HttpMethod.OPTIONS);

    private ProblemResponses() {
    }

    /** Adds the {@code Problem} schema and each operation's problem answers to {@code openApi}. */
    public static void addTo(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        components.addSchemas(SCHEMA, problemSchema());
        openApi.components(components);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> addTo(path, method, operation)));
    }

    private static void addTo(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean body = operation.getRequestBody() != null && !BODILESS.contains(method);
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (body) {
            generic(responses, "400", BAD_REQUEST);
        } else if (parameters) {
            generic(responses, "400", BAD_QUERY);
        }
        generic(responses, "401", UNAUTHENTICATED);
        generic(responses, "403", FORBIDDEN);
        if (path.contains("{")) {
            generic(responses, "404", NOT_FOUND);
        }
        if (body) {
            generic(responses, "413", TOO_LARGE);
            generic(responses, "415", MEDIA);
        }
        generic(responses, "429", RATE_LIMITED)
                .addHeaderObject("Retry-After", retryAfter("Seconds until the limit lets the caller in again."));
        generic(responses, "503", UNAVAILABLE)
                .addHeaderObject("Retry-After", retryAfter("Seconds to wait, when the gateway answered."));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.content(problemContent());
            }
        });
        // in status order, as a reader looks them up
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        ApiResponses ordered = new ApiResponses();
        sorted.forEach(ordered::addApiResponse);
        ordered.setExtensions(responses.getExtensions());
        operation.responses(ordered);
    }

    private static ApiResponse generic(ApiResponses responses, String status, String description) {
        ApiResponse response = responses.get(status);
        if (response == null) {
            response = new ApiResponse().description(description);
            responses.addApiResponse(status, response);
        } else if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.description(description);
        }
        return response;
    }

    private static Header retryAfter(String description) {
        return new Header().description(description).schema(schema("integer"));
    }

    private static Content problemContent() {
        return new Content().addMediaType(MEDIA_TYPE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)));
    }

    static Schema<?> problemSchema() {
        Schema<?> problem = schema("object").description("An RFC 9457 problem, as every PayCloud error is answered.");
        problem.addProperty("type", schema("string").format("uri")
                .description("A URI naming the kind of problem: " + Problems.TYPE_BASE + "<code>.")
                .example(Problems.TYPE_BASE + "resource_missing"));
        problem.addProperty("title", schema("string").description("A short summary of the kind of problem.")
                .example("No such resource"));
        problem.addProperty("status", schema("integer").format("int32").description("The HTTP status.").example(404));
        problem.addProperty("detail", schema("string").description("What went wrong this time, for people.")
                .example("No such payment: 'pay_01JD8X3B6Q4Z9V0E7K2M5N1T8R'."));
        problem.addProperty("code", schema("string")
                .description("The machine-readable error code: act on this, not on the title or detail.")
                .example("resource_missing"));
        problem.addProperty("param", schema("string")
                .description("The parameter or body field the problem is about, when there is one.").example("id"));
        problem.addProperty("requestId", schema("string")
                .description("The request's `Request-Id`, to quote when asking about it.").example("req_01M8PT74CF06K8A081S77QV93S"));
        problem.addProperty("instance", schema("string").format("uri-reference")
                .description("The path of the request that failed.").example("/v1/payments/pay_01JD8X3B6Q4Z9V0E7K2M5N1T8R"));
        List<String> required = new ArrayList<>(List.of("type", "title", "status", "detail", "code"));
        problem.required(required);
        return problem;
    }

    /** A schema of one JSON type, spelled for OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) alike. */
    static Schema<Object> schema(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type);
        schema.addType(type);
        return schema;
    }
}

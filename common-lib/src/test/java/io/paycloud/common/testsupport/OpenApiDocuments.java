package io.paycloud.common.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's OpenAPI document as springdoc serves it ({@code /v3/api-docs}): written where CI lints it
 * with Redocly ({@code target/openapi/<service>.json}, relative to the module), and held to what every
 * PayCloud document promises, over all of its operations.
 */
public final class OpenApiDocuments {

    public static final String PROBLEM = "#/components/schemas/Problem";
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Set<String> INTERNAL_PARAMETERS = Set.of("caller", "ops");
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z]*");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiDocuments() {
    }

    /**
     * Parses the document, writes it, pretty, to {@code target/openapi/<service>.json}, and holds it to the
     * committed one in {@code docs/openapi/<service>.json}, which integrators read and the end-to-end test's
     * client is generated from: a code change that changes the document fails here until the committed
     * document is updated with it ({@code -Dpaycloud.openapi.update=true} writes it).
     */
    public static JsonNode write(String service, String json) throws IOException {
        JsonNode document = JSON.readTree(json);
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        Path file = Path.of("target", "openapi", service + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, pretty);
        Path committed = Path.of("..", "docs", "openapi", service + ".json");
        if (Boolean.getBoolean("paycloud.openapi.update")) {
            Files.writeString(committed, pretty);
        }
        assertThat(Files.exists(committed)).as("%s exists", committed.normalize()).isTrue();
        List<String> differences = new ArrayList<>();
        differences("", JSON.readTree(Files.readString(committed)), document, differences);
        assertThat(differences)
                .as("where docs/openapi/%s.json differs from the document the code serves (review the change, then run "
                        + "the test with -Dpaycloud.openapi.update=true to write it)", service)
                .isEmpty();
        return document;
    }

    /** The JSON pointers, ten at most, where two documents differ. */
    private static void differences(String pointer, JsonNode committed, JsonNode served, List<String> found) {
        if (found.size() >= 10 || committed.equals(served)) {
            return;
        }
        if (committed.isObject() && served.isObject()) {
            Set<String> names = new TreeSet<>(committed.propertyNames());
            names.addAll(served.propertyNames());
            for (String name : names) {
                differences(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), committed.path(name), served.path(name), found);
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            for (int i = 0; i < committed.size(); i++) {
                differences(pointer + "/" + i, committed.get(i), served.get(i), found);
            }
        } else {
            found.add(pointer + ": committed " + abbreviated(committed) + ", served " + abbreviated(served));
        }
    }

    private static String abbreviated(JsonNode node) {
        String text = node.isMissingNode() ? "nothing" : node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** One operation of the document, by its method and path. */
    public static JsonNode operation(JsonNode document, String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as("%s %s is documented", method, path).isTrue();
        return operation;
    }

    /** The 2xx statuses an operation documents. */
    public static Set<String> successStatuses(JsonNode document, String method, String path) {
        Set<String> statuses = new TreeSet<>();
        for (String status : operation(document, method, path).path("responses").propertyNames()) {
            if (status.startsWith("2")) {
                statuses.add(status);
            }
        }
        return statuses;
    }

    /** The schema {@code $ref} of an operation's {@code application/json} answer with {@code status}. */
    public static String responseSchema(JsonNode document, String method, String path, String status) {
        return operation(document, method, path).path("responses").path(status).path("content")
                .path("application/json").path("schema").path("$ref").asString(null);
    }

    /**
     * Every operation has a summary, a tag and an operationId that is a word in camel case, unique in the
     * document; documents its success with a media type (never {@code *}{@code /*}); documents 401, 403 and
     * 429, 400 when it takes parameters or a body, 404 when its path names an object, each 4xx as an RFC 9457
     * problem; and no internal argument or error page shows. The document has a licence and the
     * {@code Problem} schema.
     */
    public static void assertConventions(JsonNode document) {
        List<String> violations = new ArrayList<>();
        if (document.path("info").path("license").path("name").asString("").isBlank()) {
            violations.add("info.license has no name");
        }
        JsonNode problem = document.path("components").path("schemas").path("Problem").path("properties");
        for (String field : List.of("type", "title", "status", "detail", "code", "param", "requestId")) {
            if (!problem.has(field)) {
                violations.add("the Problem schema has no " + field);
            }
        }
        Map<String, String> operationIds = new HashMap<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            String route = path.getKey();
            if (route.equals("/error") || route.startsWith("/internal")) {
                violations.add(route + " is documented");
            }
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                operations++;
                String name = entry.getKey().toUpperCase(Locale.ROOT) + " " + route;
                JsonNode operation = entry.getValue();
                checkOperation(name, route, operation, violations);
                String id = operation.path("operationId").asString("");
                String earlier = operationIds.put(id, name);
                if (earlier != null) {
                    violations.add(name + ": operationId " + id + " is also " + earlier + "'s");
                }
            }
        }
        if (operations == 0) {
            violations.add("the document has no operation");
        }
        assertThat(violations).as("OpenAPI conventions").isEmpty();
    }

    private static void checkOperation(String name, String route, JsonNode operation, List<String> violations) {
        if (operation.path("summary").asString("").isBlank()) {
            violations.add(name + " has no summary");
        }
        String id = operation.path("operationId").asString("");
        if (!OPERATION_ID.matcher(id).matches()) {
            violations.add(name + ": operationId '" + id + "' is not a camel-case word");
        }
        if (operation.path("tags").isEmpty()) {
            violations.add(name + " has no tag");
        }
        for (JsonNode tag : operation.path("tags")) {
            if (tag.asString("").endsWith("-controller")) {
                violations.add(name + " is tagged with its class, " + tag.asString());
            }
        }
        boolean takesInput = operation.has("requestBody");
        for (JsonNode parameter : operation.path("parameters")) {
            String parameterName = parameter.path("name").asString("");
            if (INTERNAL_PARAMETERS.contains(parameterName.toLowerCase(Locale.ROOT))) {
                violations.add(name + " documents the internal argument " + parameterName);
            }
            if (parameter.path("schema").has("$ref") || "object".equals(parameter.path("schema").path("type").asString(""))) {
                violations.add(name + ": parameter " + parameterName + " is an object");
            }
            takesInput = true;
        }
        JsonNode responses = operation.path("responses");
        List<String> required = new ArrayList<>(List.of("401", "403", "429"));
        if (takesInput) {
            required.add("400");
        }
        if (route.contains("{")) {
            required.add("404");
        }
        for (String status : required) {
            if (!responses.has(status)) {
                violations.add(name + " does not document " + status);
            }
        }
        boolean success = false;
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
            String status = response.getKey();
            JsonNode content = response.getValue().path("content");
            if (response.getValue().path("description").asString("").isBlank()) {
                violations.add(name + " " + status + " has no description");
            }
            if (status.startsWith("2")) {
                success = true;
                if (content.has("*/*")) {
                    violations.add(name + " " + status + " answers */*");
                }
            } else if (status.startsWith("4") || status.startsWith("5")) {
                if (content.size() != 1 || !PROBLEM.equals(content.path(PROBLEM_JSON).path("schema").path("$ref").asString(""))) {
                    violations.add(name + " " + status + " is not an application/problem+json Problem");
                }
            }
        }
        if (!success) {
            violations.add(name + " documents no success");
        }
    }
}

package io.paycloud.gateway.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merchant API's contract as the committed documents ({@code docs/openapi/*.json}) state it, checked
 * against real answers: the operation is documented, the status is one it documents, the media type is one
 * it documents for that status, and the body validates against its schema, strictly. Strictly means what a
 * generated client's deserialisation does not: every object the documents describe with properties is
 * closed ({@code additionalProperties: false} where the document says nothing), so a field the code answers
 * and the document does not name fails, as do a wrong type, a value outside an enum and a missing body.
 *
 * <p>Paths outside {@code /v1} (the issuer, the status pages, the documents themselves) are not the
 * merchant contract and are not checked; a {@code /v1} path that no document names is a violation.
 */
public final class ApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private record Operation(String document, String method, String template, Pattern path, JsonNode node) {

        /** Literal segments outrank parameters: {@code /v1/payments/search} before {@code /v1/payments/{id}}. */
        int literals() {
            return (int) java.util.Arrays.stream(template.split("/")).filter(s -> !s.startsWith("{")).count();
        }
    }

    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, ObjectNode> components = new ConcurrentHashMap<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final Set<String> checked = Collections.synchronizedSet(new TreeSet<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    private ApiContract(Map<String, JsonNode> documents) {
        documents.forEach((name, document) -> {
            components.put(name, closed(document.path("components").deepCopy()));
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^/}]+}", "[^/]+"));
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    if (METHODS.contains(method.getKey())) {
                        operations.add(new Operation(name, method.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern,
                                method.getValue()));
                    }
                }
            }
        });
        operations.sort((a, b) -> Integer.compare(b.literals(), a.literals()));
    }

    /** The documents in {@code docs/openapi}, found from the module's directory or the repository's. */
    public static ApiContract committed() {
        Path dir = Files.isDirectory(Path.of("docs", "openapi")) ? Path.of("docs", "openapi") : Path.of("..", "docs", "openapi");
        try (var files = Files.list(dir)) {
            Map<String, JsonNode> documents = new java.util.TreeMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                documents.put(file.getFileName().toString(), JSON.readTree(Files.readString(file)));
            }
            if (documents.isEmpty()) {
                throw new IllegalStateException("no OpenAPI document in " + dir.toAbsolutePath());
            }
            return new ApiContract(documents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One document, for the contract check's own tests. */
    public static ApiContract of(String name, JsonNode document) {
        return new ApiContract(Map.of(name, document));
    }

    /**
     * Checks one answer and records what it breaks; answers outside {@code /v1} are not checked.
     *
     * @return the violations of this answer (empty when it keeps the contract)
     */
    public List<String> check(String method, URI uri, int status, Optional<String> contentType, String body) {
        String path = uri.getRawPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            return List.of();
        }
        String call = method + " " + path + " -> " + status;
        List<String> found = new ArrayList<>();
        Optional<Operation> match = operations.stream()
                .filter(o -> o.method().equals(method) && o.path().matcher(path).matches()).findFirst();
        if (match.isEmpty()) {
            boolean pathKnown = operations.stream().anyMatch(o -> o.path().matcher(path).matches());
            // another method on a documented path: the platform's 405 (or the edge's 401/403 before it)
            if (!pathKnown || !Set.of(401, 403, 405).contains(status)) {
                found.add(call + ": no document names " + method + " " + path);
            }
            return record(found);
        }
        Operation operation = match.get();
        checked.add(operation.document() + " " + operation.method() + " " + operation.template() + " " + status);
        JsonNode response = operation.node().path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = operation.node().path("responses").path("default");
        }
        if (response.isMissingNode()) {
            found.add(call + ": " + operation.document() + " documents " + operation.node().path("responses").propertyNames()
                    + " for " + operation.method() + " " + operation.template() + ", not " + status);
            return record(found);
        }
        JsonNode content = response.path("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (!hasBody) {
            if (!content.isEmpty()) {
                found.add(call + ": no body, where the document promises " + content.propertyNames());
            }
            return record(found);
        }
        String mediaType = contentType.map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        JsonNode media = content.path(mediaType);
        if (media.isMissingNode()) {
            found.add(call + ": answered " + (mediaType.isEmpty() ? "no Content-Type" : mediaType) + ", the document has "
                    + content.propertyNames());
            return record(found);
        }
        if (!media.has("schema") || !mediaType.endsWith("json")) {
            return record(found);
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (JacksonException e) {
            found.add(call + ": the body is not JSON: " + abbreviated(body));
            return record(found);
        }
        Schema schema = compiled.computeIfAbsent(operation.document() + " " + operation.method() + " " + operation.template()
                + " " + status + " " + mediaType, key -> schema(operation.document(), media.path("schema")));
        for (Error error : schema.validate(instance)) {
            found.add(call + ": " + error.getInstanceLocation() + " " + error.getMessage());
        }
        return record(found);
    }

    /** Every violation recorded so far. */
    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** The (document, operation, status) triples answers were checked against. */
    public Set<String> checkedOperations() {
        synchronized (checked) {
            return Set.copyOf(checked);
        }
    }

    private List<String> record(List<String> found) {
        violations.addAll(found);
        return found;
    }

    /** The operation's schema, with the document's (closed) components beside it for its references. */
    private Schema schema(String document, JsonNode schema) {
        ObjectNode root = closed(schema.deepCopy());
        root.set("components", components.get(document));
        return SCHEMAS.getSchema(SchemaLocation.of("urn:paycloud:contract:" + document.replace(".json", "")), root);
    }

    /** Closes every object schema that lists properties and says nothing of others. */
    private static ObjectNode closed(JsonNode node) {
        close(node);
        return (ObjectNode) node;
    }

    private static void close(JsonNode node) {
        if (node.isObject()) {
            if (node.has("properties") && node.path("properties").isObject() && !node.has("additionalProperties")
                    && !node.has("unevaluatedProperties")) {
                ((ObjectNode) node).put("additionalProperties", false);
            }
            node.forEach(ApiContract::close);
        } else if (node.isArray()) {
            node.forEach(ApiContract::close);
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}

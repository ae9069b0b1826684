package io.paycloud.risk.support;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.paycloud.common.testsupport.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A few words to call the service in tests and read its JSON answers. */
public final class Api {

    public record Response(int status, JsonNode body, String contentType) {

        public String text(String field) {
            JsonNode n = body.get(field);
            return n == null || n.isNull() ? null : n.asString();
        }
    }

    private final MockMvcTester mvc;
    private final JsonMapper json;

    public Api(MockMvcTester mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    public Response post(String path, Object body) {
        return read(mvc.post().uri(path).header(TestIdentities.HEADER, identity(path))
                .contentType(MediaType.APPLICATION_JSON).content(write(body)).exchange());
    }

    public Response put(String path, Object body) {
        return read(mvc.put().uri(path).header(TestIdentities.HEADER, identity(path))
                .contentType(MediaType.APPLICATION_JSON).content(write(body)).exchange());
    }

    public Response get(String path) {
        return read(mvc.get().uri(path).header(TestIdentities.HEADER, identity(path)).exchange());
    }

    public Response delete(String path) {
        return read(mvc.delete().uri(path).header(TestIdentities.HEADER, identity(path)).exchange());
    }

    /**
     * As the platform would call: approved actions from account-service, the other internal endpoints
     * from payment-service, the ops API from ops through the gateway.
     */
    private static String identity(String path) {
        if (path.startsWith("/internal/approved-actions")) {
            return TestIdentities.service("account-service", "risk-service");
        }
        return path.startsWith("/internal/") ? TestIdentities.service("payment-service", "risk-service") : TestIdentities.ops("risk-service");
    }

    private String write(Object body) {
        return body instanceof String s ? s : json.writeValueAsString(body);
    }

    private Response read(MvcTestResult result) {
        try {
            String content = result.getResponse().getContentAsString();
            JsonNode node = content.isEmpty() ? json.createObjectNode() : json.readTree(content);
            return new Response(result.getResponse().getStatus(), node, result.getResponse().getContentType());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A map in the order written, for request bodies. */
    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

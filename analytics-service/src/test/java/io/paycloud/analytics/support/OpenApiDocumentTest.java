package io.paycloud.analytics.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paycloud.analytics.AnalyticsTestSupport;
import io.paycloud.common.testsupport.OpenApiDocuments;
import tools.jackson.databind.JsonNode;

/** analytics-service's OpenAPI document, written to {@code target/openapi/analytics-service.json} for CI's lint. */
class OpenApiDocumentTest extends AnalyticsTestSupport {

    private JsonNode document;

    @BeforeEach
    void document() throws Exception {
        String json = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        document = OpenApiDocuments.write("analytics-service", json);
    }

    @Test
    void everyOperationFollowsTheConventions() {
        OpenApiDocuments.assertConventions(document);
    }

    @Test
    void theDashboardPageIsNotAnOperation() {
        assertThat(document.path("paths").has("/dashboard")).isFalse();
        assertThat(document.path("paths").has("/dashboard/data")).isTrue();
    }

    @Test
    void reportsNeedTheirRangeAndAnswerJsonOrCsv() {
        JsonNode summary = OpenApiDocuments.operation(document, "GET", "/v1/reports/summary");
        for (JsonNode parameter : summary.path("parameters")) {
            String name = parameter.path("name").asString();
            assertThat(parameter.path("required").asBoolean(false)).as(name).isEqualTo(name.equals("from") || name.equals("to"));
        }
        assertThat(OpenApiDocuments.operation(document, "GET", "/v1/reports/summary.csv")
                .path("responses").path("200").path("content").has("text/csv")).isTrue();
        assertThat(OpenApiDocuments.operation(document, "GET", "/v1/reports/reconciliation")
                .path("parameters").get(0).path("required").asBoolean(false)).isTrue();
    }
}

package io.paycloud.risk.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paycloud.common.testsupport.OpenApiDocuments;
import tools.jackson.databind.JsonNode;

/** risk-service's OpenAPI document, written to {@code target/openapi/risk-service.json} for CI's lint. */
class OpenApiDocumentTest extends RiskIntegrationTest {

    private JsonNode document;

    @BeforeEach
    void document() throws Exception {
        var answer = mvc.get().uri("/v3/api-docs").exchange();
        assertThat(answer).hasStatusOk();
        document = OpenApiDocuments.write("risk-service", answer.getResponse().getContentAsString());
    }

    @Test
    void everyOperationFollowsTheConventions() {
        OpenApiDocuments.assertConventions(document);
    }

    @Test
    void weakeningAControlWaitsForASecondOperator() {
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/risk/rules")).containsExactly("201");
        assertThat(OpenApiDocuments.successStatuses(document, "PUT", "/v1/risk/rules/{id}")).containsExactly("200", "202");
        assertThat(OpenApiDocuments.successStatuses(document, "DELETE", "/v1/risk/rules/{id}")).containsExactly("202");
        assertThat(OpenApiDocuments.responseSchema(document, "DELETE", "/v1/risk/rules/{id}", "202"))
                .isEqualTo("#/components/schemas/ApprovalEnvelope");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/risk/blocklist")).containsExactly("200", "201");
        assertThat(OpenApiDocuments.successStatuses(document, "DELETE", "/v1/risk/blocklist/{id}")).containsExactly("202");
    }
}

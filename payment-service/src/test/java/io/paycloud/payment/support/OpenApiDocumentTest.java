package io.paycloud.payment.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.paycloud.common.testsupport.OpenApiDocuments;
import io.paycloud.payment.PaymentTestSupport;
import tools.jackson.databind.JsonNode;

/** payment-service's OpenAPI document, written to {@code target/openapi/payment-service.json} for CI's lint. */
class OpenApiDocumentTest extends PaymentTestSupport {

    private JsonNode document;

    @BeforeEach
    void document() throws Exception {
        String json = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        document = OpenApiDocuments.write("payment-service", json);
    }

    @Test
    void everyOperationFollowsTheConventions() {
        OpenApiDocuments.assertConventions(document);
    }

    @Test
    void creationsAnswer201DeletionsAnswer204AndRetriesAreAccepted() {
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/payments")).containsExactly("201");
        assertThat(OpenApiDocuments.responseSchema(document, "POST", "/v1/payments", "201"))
                .isEqualTo("#/components/schemas/PaymentResponse");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/payments/{id}/confirm")).containsExactly("200");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/refunds")).containsExactly("201");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/webhook-endpoints")).containsExactly("201");
        assertThat(OpenApiDocuments.successStatuses(document, "DELETE", "/v1/webhook-endpoints/{id}")).containsExactly("204");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/webhook-endpoints/{id}/deliveries/{eventId}/retry"))
                .containsExactly("202");
    }

    @Test
    void postsDocumentTheirIdempotencyKeyAndItsConflicts() {
        for (String path : new String[] {"/v1/payments", "/v1/payments/{id}/capture", "/v1/refunds"}) {
            JsonNode operation = OpenApiDocuments.operation(document, "POST", path);
            assertThat(operation.path("parameters").findValuesAsString("name")).as(path).contains("Idempotency-Key");
            assertThat(operation.path("responses").has("409")).as(path).isTrue();
            assertThat(operation.path("responses").has("422")).as(path).isTrue();
        }
    }
}

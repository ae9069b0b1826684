package io.paycloud.account.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.testsupport.OpenApiDocuments;
import tools.jackson.databind.JsonNode;

/** account-service's OpenAPI document, written to {@code target/openapi/account-service.json} for CI's lint. */
class OpenApiDocumentTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;

    private JsonNode document;

    @BeforeEach
    void document() throws Exception {
        String json = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        document = OpenApiDocuments.write("account-service", json);
    }

    @Test
    void everyOperationFollowsTheConventions() {
        OpenApiDocuments.assertConventions(document);
    }

    @Test
    void browserPagesAreNotOperations() {
        assertThat(document.path("paths").has("/oauth2/sign-in")).isFalse();
    }

    @Test
    void creationsAnswer201AndDepositsAndAdjustmentsMayWaitForASecondOperator() {
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/merchants")).containsExactly("201");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/customers")).containsExactly("201");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/accounts/{id}/deposits"))
                .containsExactly("200", "201", "202");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/accounts/{id}/adjustments"))
                .containsExactly("200", "201", "202");
        assertThat(OpenApiDocuments.responseSchema(document, "POST", "/v1/accounts/{id}/deposits", "201"))
                .isEqualTo("#/components/schemas/Transfer");
        assertThat(OpenApiDocuments.responseSchema(document, "POST", "/v1/accounts/{id}/deposits", "202"))
                .isEqualTo("#/components/schemas/ApprovalEnvelope");
        assertThat(OpenApiDocuments.successStatuses(document, "POST", "/v1/operators/{username}/roles"))
                .containsExactly("200", "202");
        assertThat(OpenApiDocuments.successStatuses(document, "DELETE", "/v1/operators/{username}/second-factor"))
                .containsExactly("204");
    }
}

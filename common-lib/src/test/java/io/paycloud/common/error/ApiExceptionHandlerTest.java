package io.paycloud.common.error;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.web.RequestIds;

@SpringBootTest(classes = ApiExceptionHandlerTest.SampleApp.class, properties = "spring.application.name=payment-service")
@AutoConfigureMockMvc
@org.springframework.test.context.ActiveProfiles("test")
class ApiExceptionHandlerTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SampleController.class)
    static class SampleApp {

        /** The sample's table: its endpoints are open, so these tests see the error handling alone. */
        @org.springframework.context.annotation.Bean
        org.springframework.security.web.SecurityFilterChain api(
                org.springframework.security.config.annotation.web.builders.HttpSecurity http,
                io.paycloud.common.security.PlatformSecurity platform) throws Exception {
            return platform.api(http, paths -> paths.requestMatchers("/things", "/things/**").permitAll());
        }
    }

    record SampleRequest(@NotNull @Min(1) @Max(99_999_999_999L) Long amount, @NotBlank String currency) {
    }

    @RestController
    static class SampleController {

        @PostMapping("/things")
        SampleRequest create(@Valid @RequestBody SampleRequest request) {
            return request;
        }

        @GetMapping("/things/{id}")
        String get(@PathVariable String id, @RequestParam(defaultValue = "10") int limit) {
            if (id.equals("boom")) {
                throw new IllegalStateException("secret internals");
            }
            throw ApiException.notFound("thing", id);
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void malformedJsonIsJsonInvalid() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"amount\": 1,"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("json_invalid"))
                .andExpect(jsonPath("$.requestId").isNotEmpty());
    }

    @Test
    void floatAmountIsInvalidParameterNotTruncated() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": 10.5, \"currency\": \"CNY\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("parameter_invalid"))
                .andExpect(jsonPath("$.param").value("amount"));
    }

    @Test
    void aStringAmountIsAWrongJsonTypeNotCoerced() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": \"10\", \"currency\": \"CNY\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("json_invalid"))
                .andExpect(jsonPath("$.param").value("amount"));
    }

    @Test
    void aBooleanOrANumberWhereTextBelongsIsRefusedNotTurnedIntoText() throws Exception {
        for (String value : new String[] {"false", "12", "1.5", "{}", "[\"CNY\"]"}) {
            mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"amount\": 10, \"currency\": " + value + "}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("json_invalid"))
                    .andExpect(jsonPath("$.param").value("currency"));
        }
    }

    @Test
    void aFieldTheEndpointDoesNotTakeIsNamed() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": 10, \"currency\": \"CNY\", \"captureMethod\": \"auto\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("parameter_unknown"))
                .andExpect(jsonPath("$.param").value("captureMethod"));
    }

    @Test
    void validationNamesTheParameter() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\": 0, \"currency\": \"CNY\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("parameter_invalid"))
                .andExpect(jsonPath("$.param").value("amount"));
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"amount\": 5}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("parameter_missing"))
                .andExpect(jsonPath("$.param").value("currency"));
    }

    @Test
    void wrongQueryTypeIsInvalidParameter() throws Exception {
        mvc.perform(get("/things/x").param("limit", "ten"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.param").value("limit"));
    }

    @Test
    void domainNotFoundIs404WithCallersRequestId() throws Exception {
        mvc.perform(get("/things/abc").header(RequestIds.HEADER, "req-from-caller-1"))
                .andExpect(status().isNotFound())
                .andExpect(header().string(RequestIds.HEADER, "req-from-caller-1"))
                .andExpect(jsonPath("$.code").value("resource_missing"))
                .andExpect(jsonPath("$.requestId").value("req-from-caller-1"));
    }

    @Test
    void unexpectedErrorIs500WithoutInternals() throws Exception {
        mvc.perform(get("/things/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal_error"))
                .andExpect(jsonPath("$.detail").value("An internal error occurred."))
                .andExpect(jsonPath("$.trace").doesNotExist());
    }

    @Test
    void wrongMethodAndMediaTypeAreClean4xx() throws Exception {
        mvc.perform(post("/things/abc")).andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", "GET"))
                .andExpect(jsonPath("$.code").value("method_not_allowed"));
        mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("amount=1"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unsafeCallerRequestIdIsReplaced() throws Exception {
        mvc.perform(get("/things/abc").header(RequestIds.HEADER, "bad id\twith spaces"))
                .andExpect(header().string(RequestIds.HEADER, org.hamcrest.Matchers.startsWith("req_")));
    }
}

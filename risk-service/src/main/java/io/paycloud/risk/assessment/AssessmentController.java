package io.paycloud.risk.assessment;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

@Tag(name = "Risk assessments", description = "Risk-service's judgement of a payment, with its inputs and the rules that fired.")
@SecurityRequirement(name = "operatorToken")
@RestController
class AssessmentController {

    private final AssessmentService assessments;

    AssessmentController(AssessmentService assessments) {
        this.assessments = assessments;
    }

    /** Called by payment-service when it confirms a payment. */
    @PostMapping("/internal/assessments")
    @ResponseStatus(HttpStatus.CREATED)
    AssessmentResponse assess(@Valid @RequestBody AssessmentRequest request) {
        return AssessmentResponse.of(assessments.assess(request));
    }

    /** Ops read-back of a stored assessment. */
    @Operation(summary = "Retrieve a risk assessment", operationId = "getRiskAssessment", description = "Role `risk` or "
            + "`support`.")
    @GetMapping("/v1/risk/assessments/{id}")
    AssessmentResponse get(@PathVariable String id) {
        return AssessmentResponse.of(assessments.get(id));
    }
}

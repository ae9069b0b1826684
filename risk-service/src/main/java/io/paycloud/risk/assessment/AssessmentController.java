package io.paycloud.risk.assessment;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

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
    @GetMapping("/v1/risk/assessments/{id}")
    AssessmentResponse get(@PathVariable String id) {
        return AssessmentResponse.of(assessments.get(id));
    }
}

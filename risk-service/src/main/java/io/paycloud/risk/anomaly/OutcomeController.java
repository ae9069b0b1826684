package io.paycloud.risk.anomaly;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Called by payment-service when a payment reaches a final status. */
@RestController
class OutcomeController {

    private final OutcomeService outcomes;

    OutcomeController(OutcomeService outcomes) {
        this.outcomes = outcomes;
    }

    @PostMapping("/internal/outcomes")
    OutcomeResponse record(@Valid @RequestBody OutcomeRequest request) {
        return outcomes.record(request);
    }

    @PostMapping("/internal/outcomes/batch")
    OutcomeBatchResponse recordAll(@Valid @RequestBody OutcomeBatchRequest request) {
        return outcomes.recordAll(request.outcomes());
    }
}

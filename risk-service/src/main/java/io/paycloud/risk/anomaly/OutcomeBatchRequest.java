package io.paycloud.risk.anomaly;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /internal/outcomes/batch}: several payments' outcomes in one call, as payment-service
 * sends them from its background queue. A body that breaks its shape (an outcome missing a field, a bad
 * status, more than 500) is refused whole before anything is recorded.
 */
record OutcomeBatchRequest(@NotNull @Size(min = 1, max = OutcomeBatchRequest.MAX) List<@NotNull @Valid OutcomeRequest> outcomes) {

    static final int MAX = 500;
}

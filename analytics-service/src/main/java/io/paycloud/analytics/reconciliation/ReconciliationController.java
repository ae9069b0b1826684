package io.paycloud.analytics.reconciliation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.time.Times;

/** Ops: the daily reconciliation of the events against the ledger. The gateway enforces the ops role. */
@Tag(name = "Reports")
@SecurityRequirement(name = "operatorToken")
@RestController
class ReconciliationController {

    private final ReconciliationService reconciliation;

    ReconciliationController(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Operation(summary = "Reconcile a day", operationId = "getReconciliationReport", description = "Role `viewer` or "
            + "`treasury`. What the payment events say moved on one UTC day against what the ledger recorded, with every "
            + "difference.")
    @GetMapping("/v1/reports/reconciliation")
    ReconciliationReport reconcile(@Parameter(required = true, description = "The UTC day, not in the future.",
            schema = @Schema(format = "date", example = "2026-03-02")) @RequestParam(required = false) String date) {
        return reconciliation.reconcile(parse(date));
    }

    private static LocalDate parse(String date) {
        if (date == null || date.isBlank()) {
            throw ApiException.missing("date");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("date", "date must be a day as YYYY-MM-DD.");
        }
        if (d.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw ApiException.invalid("date", "date may not be in the future.");
        }
        if (d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(Times.EARLIEST)) {
            throw ApiException.invalid("date", "date may not be before " + LocalDate.ofInstant(Times.EARLIEST, ZoneOffset.UTC) + ".");
        }
        return d;
    }
}

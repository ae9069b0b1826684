package io.paycloud.account.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.paycloud.common.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Ops: the audit trail, as a list and as a CSV export. */
@Tag(name = "Audit events", description = "The operators' append-only, hash-chained audit trail (role `admin`).")
@SecurityRequirement(name = "operatorToken")
@RestController
class AuditEventController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    /** Events per query of an export; the export streams, so this bounds memory, not its size. */
    private static final int EXPORT_PAGE = 500;

    private static final String FROM = "Only events at or after this instant (ISO 8601).";
    private static final String TO = "Only events before this instant (ISO 8601).";
    private static final String ACTOR = "Only events by this operator or service.";
    private static final String OBJECT = "Only events about this object (an id or a username).";

    private final AuditTrail trail;

    AuditEventController(AuditTrail trail) {
        this.trail = trail;
    }

    /** Newest first; {@code startingAfter} is the id of the last event of the previous page. */
    @Operation(summary = "List audit events", operationId = "listAuditEvents", description = "Role `admin`. Newest "
            + "first, filtered by time, actor and object.")
    @GetMapping("/v1/audit-events")
    Page<AuditEventResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter,
            @Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
            @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to,
            @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
            @Parameter(description = OBJECT) @RequestParam(required = false) String object, Ops ops) {
        AuditFilter filter = AuditFilter.parse(from, to, actor, object);
        Page<AuditEvent> page = trail.list(filter, ListParams.limit(limit), startingAfter);
        return new Page<>(page.data().stream().map(AuditEventResponse::of).toList(), page.hasMore());
    }

    /**
     * Every matching event, oldest first, streamed a page at a time. The filters are checked before the
     * first byte, so a bad one is still a 400 problem.
     */
    @Operation(summary = "Export audit events as CSV", operationId = "exportAuditEvents", description = "Role `admin`. "
            + "Every matching event, oldest first, streamed; cells a spreadsheet would run as formulas start with `'`.")
    @ApiResponse(responseCode = "200", description = "The events as CSV (`audit-events.csv`).",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping("/v1/audit-events.csv")
    void csv(@Parameter(description = FROM, schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
            @Parameter(description = TO, schema = @Schema(format = "date-time")) @RequestParam(required = false) String to,
            @Parameter(description = ACTOR) @RequestParam(required = false) String actor,
            @Parameter(description = OBJECT) @RequestParam(required = false) String object, Ops ops,
            HttpServletResponse response) throws IOException {
        AuditFilter filter = AuditFilter.parse(from, to, actor, object);
        response.setContentType(TEXT_CSV.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("audit-events.csv").build().toString());
        try (AuditCsv csv = new AuditCsv(response.getWriter())) {
            trail.export(filter, EXPORT_PAGE, csv::print);
        }
    }
}

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

import io.paycloud.account.caller.Ops;
import io.paycloud.account.support.ListParams;
import io.paycloud.account.support.Page;

/** Ops: the audit trail, as a list and as a CSV export. */
@RestController
class AuditEventController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    /** Events per query of an export; the export streams, so this bounds memory, not its size. */
    private static final int EXPORT_PAGE = 500;

    private final AuditTrail trail;

    AuditEventController(AuditTrail trail) {
        this.trail = trail;
    }

    /** Newest first; {@code startingAfter} is the id of the last event of the previous page. */
    @GetMapping("/v1/audit-events")
    Page<AuditEventResponse> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String startingAfter, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String object, Ops ops) {
        AuditFilter filter = AuditFilter.parse(from, to, actor, object);
        Page<AuditEvent> page = trail.list(filter, ListParams.limit(limit), startingAfter);
        return new Page<>(page.data().stream().map(AuditEventResponse::of).toList(), page.hasMore());
    }

    /**
     * Every matching event, oldest first, streamed a page at a time. The filters are checked before the
     * first byte, so a bad one is still a 400 problem.
     */
    @GetMapping("/v1/audit-events.csv")
    void csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String object, Ops ops,
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

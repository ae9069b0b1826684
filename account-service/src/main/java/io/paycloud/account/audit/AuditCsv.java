package io.paycloud.account.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Audit events as RFC 4180 CSV, like analytics-service's summary export: a header row, CRLF line ends,
 * fields quoted when they hold a comma, quote or line break. Operators and actions are free text that
 * someone typed, and an export is opened in spreadsheets: a cell starting with {@code = + - @} (or a tab
 * or carriage return, OWASP's list) gets a leading apostrophe so that it stays text instead of becoming
 * a formula.
 */
final class AuditCsv implements AutoCloseable {

    static final List<String> HEADER = List.of("id", "sequence", "occurred_at", "actor", "actor_roles", "action",
            "object", "request_body", "outcome", "request_id", "client_address", "hash", "prev_hash");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();

    private final CSVPrinter printer;

    /** Starts the export on {@code out} with the header row. */
    AuditCsv(Writer out) {
        try {
            this.printer = new CSVPrinter(out, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one page of events and flushes it to the client. */
    void print(List<AuditEvent> events) {
        try {
            for (AuditEvent e : events) {
                printer.printRecord(text(e.id()), e.sequence(), e.occurredAt().toString(), text(e.actor()),
                        text(AuditHash.roles(e.actorRoles())), text(e.action()), text(e.objectId()),
                        text(e.requestBody()), text(e.outcome()), text(e.requestId()), text(e.clientAddress()),
                        text(e.hash()), text(e.prevHash()));
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text cell that a spreadsheet will not evaluate; null is an empty cell. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}

package io.paycloud.account.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

import io.paycloud.common.crypto.Hashes;

/**
 * The hash of an audit event: lowercase hex of SHA-256 over its fields in this order: prev_hash, seq, id,
 * occurred_at, actor, actor_roles, action, object_id, request_body, outcome, request_id, client_address.
 * Each field is written as its UTF-8 bytes prefixed by their count and a colon ({@code 5:alice}), a null as
 * a single {@code -}. The length prefix makes the encoding unambiguous (no separator inside a value can
 * shift a boundary) and easy to reproduce in any language from the table alone. seq is in decimal,
 * occurred_at as {@code 2026-03-05T13:00:00.123456Z} (always six fraction digits, UTC), actor_roles as
 * stored: sorted and comma-separated.
 */
final class AuditHash {

    /** prev_hash of the first event, and the head of an empty chain. */
    static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditHash() {
    }

    static String of(AuditEvent e) {
        MessageDigest sha256 = Hashes.sha256();
        field(sha256, e.prevHash());
        field(sha256, Long.toString(e.sequence()));
        field(sha256, e.id());
        field(sha256, time(e.occurredAt()));
        field(sha256, e.actor());
        field(sha256, roles(e.actorRoles()));
        field(sha256, e.action());
        field(sha256, e.objectId());
        field(sha256, e.requestBody());
        field(sha256, e.outcome());
        field(sha256, e.requestId());
        field(sha256, e.clientAddress());
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** actor_roles as the column holds them. */
    static String roles(List<String> roles) {
        return String.join(",", roles);
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static void field(MessageDigest sha256, String value) {
        if (value == null) {
            sha256.update((byte) '-');
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha256.update(bytes);
    }
}

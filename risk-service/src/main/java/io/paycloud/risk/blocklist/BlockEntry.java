package io.paycloud.risk.blocklist;

import java.time.Instant;

/** One block list entry; {@code value} is normalized (see {@link BlockValues}). */
public record BlockEntry(String id, BlockType type, String value, Instant createdAt) {
}

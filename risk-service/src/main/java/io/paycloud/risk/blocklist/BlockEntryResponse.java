package io.paycloud.risk.blocklist;

import java.time.Instant;

record BlockEntryResponse(String id, String type, String value, Instant createdAt) {

    static BlockEntryResponse of(BlockEntry e) {
        return new BlockEntryResponse(e.id(), e.type().wire(), e.value(), e.createdAt());
    }
}

package io.paycloud.risk.blocklist;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

record BlockEntryResponse(String id, @Schema(allowableValues = {"customer", "ip", "device", "email"}) String type,
        @Schema(description = "The value as normalized.") String value, Instant createdAt) {

    static BlockEntryResponse of(BlockEntry e) {
        return new BlockEntryResponse(e.id(), e.type().wire(), e.value(), e.createdAt());
    }
}

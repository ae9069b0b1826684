package io.paycloud.risk.blocklist;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.paycloud.common.time.Times;
import io.paycloud.risk.AssignedIdRow;

/**
 * A block list entry as its row ({@code risk_blocklist}, made by Flyway and only validated by Hibernate).
 * An entry is added or removed, never changed; its id is made here, so a new row says it is new and is
 * inserted straight away instead of merged.
 */
@Entity
@Table(name = "risk_blocklist")
class BlocklistRow extends AssignedIdRow {

    @Column(name = "entry_type", nullable = false, length = 10)
    private String type;

    @Column(name = "entry_value", nullable = false, length = 320)
    private String value;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    protected BlocklistRow() {
    }

    private BlocklistRow(String id) {
        super(id);
    }

    static BlocklistRow of(BlockEntry entry) {
        BlocklistRow row = new BlocklistRow(entry.id());
        row.type = entry.type().wire();
        row.value = entry.value();
        row.createdAt = Times.db(entry.createdAt());
        return row;
    }

    BlockEntry entry() {
        return new BlockEntry(getId(), BlockType.fromWire(type).orElseThrow(), value, Times.fromDb(createdAt));
    }
}

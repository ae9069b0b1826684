package io.paycloud.risk.blocklist;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

import io.paycloud.common.time.Times;

/**
 * A block list entry as its row ({@code risk_blocklist}, made by Flyway and only validated by Hibernate).
 * An entry is added or removed, never changed; its id is made here, so a new row says it is new and is
 * inserted straight away instead of merged.
 */
@Entity
@Table(name = "risk_blocklist")
class BlocklistRow implements Persistable<String> {

    @Id
    private String id;

    @Column(name = "entry_type", nullable = false, length = 10)
    private String type;

    @Column(name = "entry_value", nullable = false, length = 320)
    private String value;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Transient
    private boolean fresh;

    protected BlocklistRow() {
    }

    static BlocklistRow of(BlockEntry entry) {
        BlocklistRow row = new BlocklistRow();
        row.id = entry.id();
        row.type = entry.type().wire();
        row.value = entry.value();
        row.createdAt = Times.db(entry.createdAt());
        row.fresh = true;
        return row;
    }

    BlockEntry entry() {
        return new BlockEntry(id, BlockType.fromWire(type).orElseThrow(), value, Times.fromDb(createdAt));
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }
}

package io.paycloud.risk;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A row whose id is made here, not by the database (Flyway makes the tables, Hibernate only validates
 * them). A row made for insertion says it is new, so Spring Data inserts it straight away instead of
 * reading it first to merge; a row read back is not new.
 */
@MappedSuperclass
public abstract class AssignedIdRow implements Persistable<String> {

    @Id
    private String id;

    @Transient
    private boolean fresh;

    /** For Hibernate, reading a row. */
    protected AssignedIdRow() {
    }

    /** A row to be inserted under {@code id}. */
    protected AssignedIdRow(String id) {
        this.id = id;
        this.fresh = true;
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

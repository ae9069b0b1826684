package io.paycloud.risk.blocklist;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * The block list's rows, through Spring Data JPA: a plain aggregate, added, read and removed whole
 * (no guarded update, not on the assessment's path, which reads {@link BlocklistService}'s copy in memory).
 */
interface BlocklistRepository extends JpaRepository<BlocklistRow, String> {

    /** Newest first (ids grow with time), at most {@code limit}. */
    List<BlocklistRow> findAllByOrderByIdDesc(Limit limit);

    /** Newest first after the cursor {@code id}, at most {@code limit}. */
    List<BlocklistRow> findByIdLessThanOrderByIdDesc(String id, Limit limit);

    Optional<BlocklistRow> findByTypeAndValue(String type, String value);

    /** Removes the entry; whether there was one. */
    @Transactional
    @Modifying
    @Query("delete from BlocklistRow b where b.id = :id")
    int deleteEntry(@Param("id") String id);

    /** A cheap fingerprint of the table, in one statement, so the count and the newest id are of one moment. */
    @Query("select new io.paycloud.risk.blocklist.Fingerprint(count(b), max(b.id)) from BlocklistRow b")
    Fingerprint fingerprint();

    default List<BlockEntry> entries() {
        return findAll().stream().map(BlocklistRow::entry).toList();
    }

    default List<BlockEntry> page(int limit, String startingAfter) {
        List<BlocklistRow> rows = startingAfter == null ? findAllByOrderByIdDesc(Limit.of(limit))
                : findByIdLessThanOrderByIdDesc(startingAfter, Limit.of(limit));
        return rows.stream().map(BlocklistRow::entry).toList();
    }

    default Optional<BlockEntry> entry(String id) {
        return findById(id).map(BlocklistRow::entry);
    }

    default Optional<BlockEntry> find(BlockType type, String value) {
        return findByTypeAndValue(type.wire(), value).map(BlocklistRow::entry);
    }

    /** Inserts the entry at once (a duplicate surfaces here, as a DataIntegrityViolationException). */
    default void insert(BlockEntry entry) {
        saveAndFlush(BlocklistRow.of(entry));
    }
}

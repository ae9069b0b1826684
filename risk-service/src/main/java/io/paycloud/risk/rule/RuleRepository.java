package io.paycloud.risk.rule;

import java.time.LocalDateTime;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules' rows, through Spring Data JPA: a plain aggregate, created, read, replaced and removed
 * whole, off the assessment's path (which reads {@link RuleService}'s copy in memory). The one guarded
 * statement, a replacement that may not switch an enabled rule off, is a single {@code UPDATE … WHERE}.
 * The statements clear the persistence context, so a read in the same transaction (an approved action
 * carried out in one) sees the rule as changed, not as it was loaded before.
 */
interface RuleRepository extends JpaRepository<RuleRow, String> {

    /** Newest first (ids grow with time), at most {@code limit}. */
    List<RuleRow> findAllByOrderByIdDesc(Limit limit);

    /** Newest first after the cursor {@code id}, at most {@code limit}. */
    List<RuleRow> findByIdLessThanOrderByIdDesc(String id, Limit limit);

    /**
     * Replaces the rule's terms; unless {@code unguarded}, only while it is off already. The number of
     * rows changed: 0 when the rule is gone or the guard held.
     */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update RuleRow r set r.name = :name, r.type = :type, r.action = :action, r.params = :params,
                r.enabled = :enabled, r.updatedAt = :updatedAt
            where r.id = :id and (:unguarded = true or r.enabled = false)""")
    int replace(@Param("id") String id, @Param("name") String name, @Param("type") String type,
            @Param("action") String action, @Param("params") String params, @Param("enabled") boolean enabled,
            @Param("updatedAt") LocalDateTime updatedAt, @Param("unguarded") boolean unguarded);

    /** Removes the rule; whether there was one. */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from RuleRow r where r.id = :id")
    int deleteRule(@Param("id") String id);

    /** Newest first after {@code startingAfter} when given, at most {@code limit}. */
    default List<RuleRow> page(int limit, String startingAfter) {
        return startingAfter == null ? findAllByOrderByIdDesc(Limit.of(limit))
                : findByIdLessThanOrderByIdDesc(startingAfter, Limit.of(limit));
    }

    /** Inserts the rule at once (a duplicate id surfaces here, as a DataIntegrityViolationException). */
    default void insert(RuleRow row) {
        saveAndFlush(row);
    }

    /**
     * Replaces the rule with {@code row}'s terms; unless {@code mayDisable}, a replacement that turns the
     * rule off only applies while it is off already, so an enabled rule is never switched off without
     * its approval. Whether it applied.
     */
    default boolean update(RuleRow row, boolean mayDisable) {
        return replace(row.getId(), row.name(), row.type(), row.action(), row.params(), row.enabled(), row.updatedAt(),
                mayDisable || row.enabled()) == 1;
    }
}

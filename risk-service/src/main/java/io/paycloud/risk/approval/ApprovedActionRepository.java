package io.paycloud.risk.approval;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;

@Repository
class ApprovedActionRepository {

    record Executed(String approval, String action, String object, String result, Instant executedAt) {
    }

    private final JdbcClient jdbc;

    ApprovedActionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Executed> find(String approval) {
        return jdbc.sql("SELECT approval_id, action, object_id, result, executed_at FROM risk_approved_actions "
                + "WHERE approval_id = :id").param("id", approval)
                .query((rs, n) -> new Executed(rs.getString("approval_id"), rs.getString("action"), rs.getString("object_id"),
                        rs.getString("result"), Times.fromDb(rs.getObject("executed_at", LocalDateTime.class))))
                .optional();
    }

    /** Claims the approval; a second claim waits for the first transaction and then fails on the key. */
    void claim(String approval, String action, String object, String maker, String checker, Instant now) {
        jdbc.sql("INSERT INTO risk_approved_actions (approval_id, action, object_id, maker, checker, executed_at) "
                + "VALUES (:id, :action, :object, :maker, :checker, :at)")
                .param("id", approval).param("action", action).param("object", object).param("maker", maker)
                .param("checker", checker).param("at", Times.toDb(now)).update();
    }

    void complete(String approval, String result) {
        jdbc.sql("UPDATE risk_approved_actions SET result = :result WHERE approval_id = :id").param("result", result)
                .param("id", approval).update();
    }
}

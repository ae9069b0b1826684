package io.paycloud.risk.rule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.paycloud.common.time.Times;
import tools.jackson.databind.json.JsonMapper;

@Repository
class RuleRepository {

    private static final String COLUMNS = "id, name, rule_type, rule_action, params, enabled, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RuleRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<Rule> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_rules ORDER BY id DESC").query(this::map).list();
    }

    /** Up to {@code limit} rules newest first (ids are time-ordered), after {@code startingAfter} when given. */
    List<Rule> page(int limit, String startingAfter) {
        if (startingAfter == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM risk_rules ORDER BY id DESC LIMIT :limit")
                    .param("limit", limit).query(this::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_rules WHERE id < :after ORDER BY id DESC LIMIT :limit")
                .param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    Optional<Rule> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM risk_rules WHERE id = :id").param("id", id).query(this::map)
                .optional();
    }

    void insert(Rule rule) {
        jdbc.sql("INSERT INTO risk_rules (" + COLUMNS + ") VALUES (:id, :name, :type, :action, :params, :enabled, "
                + ":createdAt, :updatedAt)")
                .param("id", rule.id())
                .param("name", rule.name())
                .param("type", rule.type().wire())
                .param("action", rule.action().wire())
                .param("params", json.writeValueAsString(rule.params().toMap()))
                .param("enabled", rule.enabled())
                .param("createdAt", Times.toDb(rule.createdAt()))
                .param("updatedAt", Times.toDb(rule.updatedAt()))
                .update();
    }

    /**
     * Replaces the rule; unless {@code mayDisable}, a replacement that turns the rule off only applies
     * while it is off already, so an enabled rule is never switched off without its approval.
     */
    boolean update(Rule rule, boolean mayDisable) {
        String guard = mayDisable || rule.enabled() ? "" : " AND enabled = FALSE";
        return jdbc.sql("UPDATE risk_rules SET name = :name, rule_type = :type, rule_action = :action, "
                + "params = :params, enabled = :enabled, updated_at = :updatedAt WHERE id = :id" + guard)
                .param("id", rule.id())
                .param("name", rule.name())
                .param("type", rule.type().wire())
                .param("action", rule.action().wire())
                .param("params", json.writeValueAsString(rule.params().toMap()))
                .param("enabled", rule.enabled())
                .param("updatedAt", Times.toDb(rule.updatedAt()))
                .update() == 1;
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM risk_rules WHERE id = :id").param("id", id).update() == 1;
    }

    private Rule map(ResultSet rs, int row) throws SQLException {
        RuleType type = RuleType.fromWire(rs.getString("rule_type"))
                .orElseThrow(() -> new IllegalStateException("unknown rule type in the database"));
        return new Rule(rs.getString("id"), rs.getString("name"), type,
                RuleAction.fromWire(rs.getString("rule_action"))
                        .orElseThrow(() -> new IllegalStateException("unknown rule action in the database")),
                RuleParamsParser.parse(type, json.readTree(rs.getString("params"))),
                rs.getBoolean("enabled"),
                Times.fromDb(rs.getObject("created_at", LocalDateTime.class)),
                Times.fromDb(rs.getObject("updated_at", LocalDateTime.class)));
    }
}

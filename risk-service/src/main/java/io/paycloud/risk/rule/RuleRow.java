package io.paycloud.risk.rule;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.paycloud.common.time.Times;
import io.paycloud.risk.AssignedIdRow;
import tools.jackson.databind.json.JsonMapper;

/**
 * A risk rule as its row ({@code risk_rules}, made by Flyway and only validated by Hibernate): the
 * params are the JSON text the API shows, read back through {@link RuleParamsParser} so a row the
 * engine cannot judge with stops the read instead of being skipped. Its id is made here, so a new
 * row says it is new and is inserted straight away instead of merged.
 */
@Entity
@Table(name = "risk_rules")
class RuleRow extends AssignedIdRow {

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "rule_type", nullable = false, length = 20)
    private String type;

    @Column(name = "rule_action", nullable = false, length = 10)
    private String action;

    @Column(nullable = false, length = 2000)
    private String params;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    protected RuleRow() {
    }

    private RuleRow(String id) {
        super(id);
    }

    static RuleRow of(Rule rule, JsonMapper json) {
        RuleRow row = new RuleRow(rule.id());
        row.name = rule.name();
        row.type = rule.type().wire();
        row.action = rule.action().wire();
        row.params = json.writeValueAsString(rule.params().toMap());
        row.enabled = rule.enabled();
        row.createdAt = Times.db(rule.createdAt());
        row.updatedAt = Times.db(rule.updatedAt());
        return row;
    }

    Rule rule(JsonMapper json) {
        RuleType ruleType = RuleType.fromWire(type)
                .orElseThrow(() -> new IllegalStateException("unknown rule type in the database"));
        RuleAction ruleAction = RuleAction.fromWire(action)
                .orElseThrow(() -> new IllegalStateException("unknown rule action in the database"));
        return new Rule(getId(), name, ruleType, ruleAction, RuleParamsParser.parse(ruleType, json.readTree(params)),
                enabled, Times.fromDb(createdAt), Times.fromDb(updatedAt));
    }

    String name() {
        return name;
    }

    String type() {
        return type;
    }

    String action() {
        return action;
    }

    String params() {
        return params;
    }

    boolean enabled() {
        return enabled;
    }

    LocalDateTime updatedAt() {
        return updatedAt;
    }
}

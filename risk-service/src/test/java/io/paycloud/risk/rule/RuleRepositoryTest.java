package io.paycloud.risk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import io.paycloud.common.id.Ids;
import io.paycloud.risk.support.RiskIntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules' rows on Spring Data JPA: a rule reads back as written (params through the parser), and
 * the one guarded statement, a replacement that may not switch an enabled rule off, changes nothing
 * while the rule is on and applies while it is off.
 */
class RuleRepositoryTest extends RiskIntegrationTest {

    @Autowired
    RuleRepository repository;

    @Autowired
    JsonMapper json;

    private String id;

    @AfterEach
    void removeTheRule() {
        if (id != null) {
            repository.deleteRule(id);
        }
    }

    private Rule rule(boolean enabled, long maxAmount, Instant at) {
        // a merchant of its own, so the rule never judges another test's payments
        return new Rule(id, "cap " + maxAmount, RuleType.AMOUNT_LIMIT, RuleAction.REVIEW,
                new RuleParams.AmountLimit("mer_" + id, "EUR", maxAmount), enabled, at, at);
    }

    @Test
    void aRuleReadsBackAsWrittenAndASecondInsertOfItsIdIsRefused() {
        id = Ids.newId("rule");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Rule written = rule(true, 5_000, at);
        repository.insert(RuleRow.of(written, json));

        assertThat(repository.findById(id).map(row -> row.rule(json))).contains(written);
        assertThatThrownBy(() -> repository.insert(RuleRow.of(rule(false, 1, at), json)))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(repository.findById(id).map(row -> row.rule(json))).contains(written);
    }

    @Test
    void aGuardedReplacementNeverSwitchesAnEnabledRuleOff() {
        id = Ids.newId("rule");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository.insert(RuleRow.of(rule(true, 5_000, at), json));
        Instant later = at.plusSeconds(60);

        // on, and the replacement turns it off: the guard holds, nothing changes
        assertThat(repository.update(RuleRow.of(rule(false, 7_000, later), json), false)).isFalse();
        assertThat(repository.findById(id).map(row -> row.rule(json))).contains(rule(true, 5_000, at));

        // a replacement that keeps it on applies without approval
        assertThat(repository.update(RuleRow.of(rule(true, 6_000, later), json), false)).isTrue();
        Rule kept = repository.findById(id).map(row -> row.rule(json)).orElseThrow();
        assertThat(kept.params()).isEqualTo(new RuleParams.AmountLimit("mer_" + id, "EUR", 6_000));
        assertThat(kept.createdAt()).isEqualTo(at);
        assertThat(kept.updatedAt()).isEqualTo(later);

        // approved (mayDisable): it goes off; once off, a guarded replacement that keeps it off applies
        assertThat(repository.update(RuleRow.of(rule(false, 7_000, later), json), true)).isTrue();
        assertThat(repository.update(RuleRow.of(rule(false, 8_000, later), json), false)).isTrue();
        assertThat(repository.findById(id).map(row -> row.rule(json)).orElseThrow().enabled()).isFalse();
    }

    @Test
    void replacingOrDeletingARuleThatIsGoneChangesNothing() {
        id = Ids.newId("rule");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        assertThat(repository.update(RuleRow.of(rule(true, 5_000, at), json), true)).isFalse();
        assertThat(repository.deleteRule(id)).isZero();
        assertThat(repository.findById(id)).isEmpty();
    }
}

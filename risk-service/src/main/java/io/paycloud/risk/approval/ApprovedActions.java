package io.paycloud.risk.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.common.approval.RiskControlAction;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.time.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out the actions a second operator approved in account-service, once per approval: the
 * approval id is recorded in the transaction that makes the change, so account-service may send it
 * again (its own transaction rolled back after a timeout) and gets the first result instead of a
 * second change or a "not found" for a rule it deleted itself.
 */
@Service
class ApprovedActions {

    private static final Logger log = LoggerFactory.getLogger(ApprovedActions.class);

    /** What was done for an approval, and whether this answer repeats an earlier one. */
    record Carried(String approval, RiskControlAction action, String object, JsonNode result, Instant executedAt,
            boolean replayed) {
    }

    private final Map<RiskControlAction, ApprovedActionHandler> handlers = new EnumMap<>(RiskControlAction.class);
    private final ApprovedActionRepository repository;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    ApprovedActions(List<ApprovedActionHandler> handlers, ApprovedActionRepository repository,
            PlatformTransactionManager transactions, JsonMapper json, Clock clock) {
        for (ApprovedActionHandler handler : handlers) {
            if (this.handlers.put(handler.action(), handler) != null) {
                throw new IllegalStateException("two handlers for the approved action " + handler.action().wire());
            }
        }
        for (RiskControlAction action : RiskControlAction.values()) {
            if (!this.handlers.containsKey(action)) {
                throw new IllegalStateException("no handler for the approved action " + action.wire());
            }
        }
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    Carried execute(String approval, RiskControlAction action, String object, JsonNode request, String maker, String checker) {
        var earlier = repository.find(approval);
        if (earlier.isPresent()) {
            return replay(earlier.get(), action, object);
        }
        ApprovedActionHandler handler = handlers.get(action);
        Instant now = Times.now(clock);
        try {
            JsonNode result = tx.execute(status -> {
                repository.claim(approval, action.wire(), object, maker, checker, now);
                JsonNode done = json.valueToTree(handler.execute(object, request));
                repository.complete(approval, json.writeValueAsString(done));
                return done;
            });
            log.info("Approval {} carried out: {} {} (maker {}, checker {})", approval, action.wire(), object, maker, checker);
            return new Carried(approval, action, object, result, now, false);
        } catch (DuplicateKeyException race) {
            // the same approval, sent twice at once: the first one's result is the answer
            return replay(repository.find(approval).orElseThrow(() -> race), action, object);
        }
    }

    private Carried replay(ApprovedActionRepository.Executed executed, RiskControlAction action, String object) {
        if (!executed.action().equals(action.wire()) || !executed.object().equals(object)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "approval", "Approval " + executed.approval()
                    + " was carried out for " + executed.action() + " on " + executed.object() + ".");
        }
        JsonNode result = executed.result() == null ? null : json.readTree(executed.result());
        return new Carried(executed.approval(), action, object, result, executed.executedAt(), true);
    }
}

package io.paycloud.risk.approval;

import java.util.function.BiFunction;

import io.paycloud.common.approval.RiskControlAction;
import tools.jackson.databind.JsonNode;

/**
 * Carries out one approved four-eyes action: the feature that owns the action registers one bean for
 * it; {@link ApprovedActions} runs it once per approval, in the transaction that records the approval.
 */
public interface ApprovedActionHandler {

    RiskControlAction action();

    /**
     * Does what {@code request} (the maker's request, as stored for approval) asked for {@code object};
     * a missing object or a request that no longer holds is an {@code ApiException} (a 4xx). What it
     * returns is the approval's result.
     */
    Object execute(String object, JsonNode request);

    /** A handler of {@code action} that calls {@code execute} with the object and the stored request. */
    static ApprovedActionHandler of(RiskControlAction action, BiFunction<String, JsonNode, Object> execute) {
        return new ApprovedActionHandler() {
            @Override
            public RiskControlAction action() {
                return action;
            }

            @Override
            public Object execute(String object, JsonNode request) {
                return execute.apply(object, request);
            }
        };
    }
}

package io.paycloud.payment.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.paycloud.payment.risk.RiskClient;

/** risk-service double: answers the decision set by the test, or fails as risk-service would. */
public class FakeRisk implements RiskClient {

    public volatile String decision = "approve";
    public volatile String failureCode;
    public volatile boolean down;
    public final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public Assessment assess(AssessmentRequest request) {
        if (down) {
            throw new ServiceUnavailableException("risk-service");
        }
        return new Assessment("asm_test", decision, "approve".equals(decision) ? 5 : 80, List.of(), failureCode);
    }

    @Override
    public void reportOutcome(Outcome outcome) {
        outcomes.add(outcome);
    }
}

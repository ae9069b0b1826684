package io.paycloud.payment.risk;

import java.util.Map;

import io.paycloud.payment.support.FakeRisk;

/** The double the payment tests run on, held to risk-service's contract. */
class FakeRiskContractTest extends RiskContract {

    private final FakeRisk risk = new FakeRisk();

    @Override
    protected RiskClient risk() {
        return risk;
    }

    @Override
    protected void outcomesDelivered() {
        // the double takes outcomes as they are reported
    }

    @Override
    protected void block(String type, String value) {
        risk.block(type, value);
    }

    @Override
    protected String rule(String type, String action, Map<String, Object> params) {
        return risk.rule(type, action, params);
    }
}

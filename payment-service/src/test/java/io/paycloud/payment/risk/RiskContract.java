package io.paycloud.payment.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.paycloud.common.id.Ids;
import io.paycloud.payment.risk.RiskClient.Assessment;
import io.paycloud.payment.risk.RiskClient.AssessmentRequest;
import io.paycloud.payment.risk.RiskClient.Outcome;
import io.paycloud.common.client.RemoteProblem;

/**
 * What payment-service relies on from risk-service, as one suite: {@code FakeRiskContractTest} runs it
 * against the double the payment tests use, {@code RiskServiceContractIT} against risk-service itself
 * through {@link HttpRiskClient}. The decisions are those of risk-service's default rules
 * (risk-service/RULES.md); a test that needs a block list entry or a rule of its own sets it up as ops
 * would. Every test has its own merchant, customers, IP address and device, so the velocity windows of
 * one test never count another's payments.
 */
public abstract class RiskContract {

    /** Default rule ids (risk-service/RULES.md). */
    static final String BLOCKLIST = "rule_00000000000000000000000001";
    static final String CNY_LIMIT = "rule_00000000000000000000000002";
    static final String CNY_KYC = "rule_00000000000000000000000009";
    static final String USD_KYC = "rule_00000000000000000000000010";
    static final String JPY_KYC = "rule_00000000000000000000000014";
    static final String CUSTOMER_VELOCITY = "rule_00000000000000000000000016";
    static final String ANOMALY = "rule_00000000000000000000000019";

    protected abstract RiskClient risk();

    /** Returns once every outcome reported so far has reached risk (the client sends them in the background). */
    protected abstract void outcomesDelivered();

    /** Puts a value on the block list as ops do ({@code type}: customer, ip, device, email). */
    protected abstract void block(String type, String value);

    /** Creates a rule as ops do, with {@code params} as the ops API takes them; its id. */
    protected abstract String rule(String type, String action, Map<String, Object> params);

    private final String merchant = Ids.newId("mer");
    private final String ip = "10." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256)
            + "." + ThreadLocalRandom.current().nextInt(1, 255);
    private final String device = Ids.newId("dev");

    private AssessmentRequest payment(String customer, long amount, String currency, String kycLevel) {
        return new AssessmentRequest(Ids.newId("pay"), merchant, customer, amount, currency, kycLevel, null, ip, device);
    }

    private static AssessmentRequest withEmail(AssessmentRequest r, String email) {
        return new AssessmentRequest(r.payment(), r.merchant(), r.customer(), r.amount(), r.currency(), r.kycLevel(), email,
                r.clientIp(), r.deviceId());
    }

    private static String customer() {
        return Ids.newId("cus");
    }

    // ---------------------------------------------------------------- decisions of the default rules

    @Test
    void aSmallPaymentIsApprovedWithALowScoreAndNoReasons() {
        Assessment a = risk().assess(payment(customer(), 100_00, "CNY", "none"));

        assertThat(a.id()).startsWith("asm_");
        assertThat(a.decision()).isEqualTo("approve");
        assertThat(a.score()).isBetween(0, 49);
        assertThat(a.reasons()).isEmpty();
        assertThat(a.failureCode()).isNull();
    }

    @Test
    void fromTheRealNameThresholdAnUnverifiedCustomerIsDeclinedForKyc() {
        String customer = customer();
        assertThat(risk().assess(payment(customer, 4_999_99, "CNY", "none")).decision()).isEqualTo("approve");
        assertThat(risk().assess(payment(customer, 5_000_00, "CNY", "verified")).decision()).isEqualTo("approve");

        Assessment kyc = risk().assess(payment(customer, 5_000_00, "CNY", "none"));

        assertThat(kyc.decision()).isEqualTo("decline");
        assertThat(kyc.failureCode()).isEqualTo("kyc_required");
        assertThat(kyc.score()).isEqualTo(90);
        assertThat(kyc.reasons()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(CNY_KYC);
            assertThat(r.detail()).isNotBlank();
        });
        // each currency has its own threshold
        assertThat(risk().assess(payment(customer, 700_00, "USD", "none")).reasons())
                .extracting(RiskClient.Reason::rule).containsExactly(USD_KYC);
        assertThat(risk().assess(payment(customer, 99_999, "JPY", "none")).decision()).isEqualTo("approve");
        assertThat(risk().assess(payment(customer, 100_000, "JPY", "none")).reasons())
                .extracting(RiskClient.Reason::rule).containsExactly(JPY_KYC);
    }

    @Test
    void aPaymentAboveTheSingleLimitIsDeclinedAsRiskDeclinedEvenForAVerifiedCustomer() {
        String customer = customer();
        Assessment atLimit = risk().assess(payment(customer, 50_000_00, "CNY", "verified"));
        assertThat(atLimit.decision()).isEqualTo("approve");
        assertThat(atLimit.score()).as("at a limit").isEqualTo(49);

        Assessment above = risk().assess(payment(customer, 50_000_01, "CNY", "verified"));
        assertThat(above.decision()).isEqualTo("decline");
        assertThat(above.failureCode()).isEqualTo("risk_declined");
        assertThat(above.score()).isEqualTo(90);
        assertThat(above.reasons()).extracting(RiskClient.Reason::rule).containsExactly(CNY_LIMIT);

        // real-name and limit at once: not only KYC, so not kyc_required
        Assessment both = risk().assess(payment(customer, 50_000_01, "CNY", "none"));
        assertThat(both.failureCode()).isEqualTo("risk_declined");
        assertThat(both.score()).isEqualTo(100);
        // declines come first; among themselves in no documented order
        assertThat(both.reasons()).extracting(RiskClient.Reason::rule).containsExactlyInAnyOrder(CNY_LIMIT, CNY_KYC);
    }

    @Test
    void aBlockListedCustomerEmailIpOrDeviceIsDeclinedWithTheHighestScore() {
        String blockedCustomer = customer();
        String tag = Ids.newId("em").substring(3).toLowerCase();
        String blockedIp = "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
        String blockedDevice = Ids.newId("dev");
        block("customer", blockedCustomer);
        block("email", "Mallory." + tag + "@Example.COM");
        block("ip", blockedIp);
        block("device", blockedDevice);

        AssessmentRequest clean = payment(customer(), 10_00, "CNY", "none");
        assertThat(risk().assess(clean).decision()).isEqualTo("approve");
        AssessmentRequest byCustomer = payment(blockedCustomer, 10_00, "CNY", "none");
        // compared in lower case
        AssessmentRequest byEmail = withEmail(payment(customer(), 10_00, "CNY", "none"), "MALLORY." + tag + "@example.com");
        // compared in canonical form
        AssessmentRequest byIp = new AssessmentRequest(Ids.newId("pay"), merchant, customer(), 10_00, "CNY", "none", null,
                blockedIp.replace("::", ":0:0:0:0:0:"), device);
        AssessmentRequest byDevice = new AssessmentRequest(Ids.newId("pay"), merchant, customer(), 10_00, "CNY", "none", null,
                ip, blockedDevice);
        for (AssessmentRequest r : new AssessmentRequest[] {byCustomer, byEmail, byIp, byDevice}) {
            Assessment a = risk().assess(r);
            assertThat(a.decision()).as(r.toString()).isEqualTo("decline");
            assertThat(a.failureCode()).as(r.toString()).isEqualTo("risk_declined");
            assertThat(a.score()).as(r.toString()).isEqualTo(100);
            assertThat(a.reasons()).as(r.toString()).extracting(RiskClient.Reason::rule).containsExactly(BLOCKLIST);
        }
    }

    // ---------------------------------------------------------------- velocity and repeated assessments

    @Test
    void theEleventhPaymentOfACustomerWithinAMinuteGoesToReview() {
        String customer = customer();
        for (int i = 1; i <= 10; i++) {
            assertThat(risk().assess(payment(customer, 10_00, "CNY", "none")).decision()).as("payment " + i)
                    .isEqualTo("approve");
        }

        Assessment eleventh = risk().assess(payment(customer, 10_00, "CNY", "none"));

        assertThat(eleventh.decision()).isEqualTo("review");
        assertThat(eleventh.score()).isEqualTo(60);
        assertThat(eleventh.failureCode()).isNull();
        assertThat(eleventh.reasons()).extracting(RiskClient.Reason::rule).containsExactly(CUSTOMER_VELOCITY);
        assertThat(risk().assess(payment(customer(), 10_00, "CNY", "none")).decision()).as("another customer")
                .isEqualTo("approve");
    }

    @Test
    void aRepeatedAssessmentOfAPaymentIsANewAssessmentThatCountsOnceTowardsVelocity() {
        String customer = customer();
        AssessmentRequest first = payment(customer, 10_00, "CNY", "none");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            Assessment a = risk().assess(first);
            assertThat(a.decision()).as("attempt " + i).isEqualTo("approve");
            ids.add(a.id());
        }
        assertThat(ids).as("not idempotent: every call is an assessment of its own").hasSize(12);

        for (int i = 2; i <= 10; i++) {
            assertThat(risk().assess(payment(customer, 10_00, "CNY", "none")).decision()).as("payment " + i)
                    .isEqualTo("approve");
        }
        assertThat(risk().assess(payment(customer, 10_00, "CNY", "none")).decision()).as("payment 11")
                .isEqualTo("review");
    }

    // ---------------------------------------------------------------- ops rules

    @Test
    void aReviewRuleScopedToAMerchantSendsOnlyThatMerchantsPaymentsToReview() {
        String rule = rule("amount_limit", "review", Map.of("merchant", merchant, "currency", "CNY", "maxAmount", 10_00));
        String customer = customer();

        Assessment review = risk().assess(payment(customer, 10_01, "CNY", "none"));

        assertThat(review.decision()).isEqualTo("review");
        assertThat(review.score()).isEqualTo(60);
        assertThat(review.failureCode()).isNull();
        assertThat(review.reasons()).extracting(RiskClient.Reason::rule).containsExactly(rule);
        assertThat(risk().assess(payment(customer, 10_00, "CNY", "none")).decision()).isEqualTo("approve");
        AssessmentRequest otherMerchant = new AssessmentRequest(Ids.newId("pay"), Ids.newId("mer"), customer(), 10_01,
                "CNY", "none", null, ip, device);
        assertThat(risk().assess(otherMerchant).decision()).isEqualTo("approve");
    }

    // ---------------------------------------------------------------- outcomes

    @Test
    void succeededOutcomesTeachTheAnomalyRuleEachPaymentOnce() {
        String learnt = customer();
        for (int i = 0; i < 5; i++) {
            risk().reportOutcome(new Outcome(Ids.newId("pay"), learnt, 10_00, "CNY", "succeeded"));
        }
        String counted = customer();
        String repeated = Ids.newId("pay");
        for (int i = 0; i < 5; i++) {
            risk().reportOutcome(new Outcome(repeated, counted, 10_00, "CNY", "succeeded"));
        }
        // the same payment with another status is a conflict, refused, never a second payment
        assertThatCode(() -> risk().reportOutcome(new Outcome(repeated, counted, 10_00, "CNY", "failed")))
                .as("a refused outcome never fails the payment").doesNotThrowAnyException();
        for (int i = 0; i < 3; i++) {
            risk().reportOutcome(new Outcome(Ids.newId("pay"), counted, 10_00, "CNY", "succeeded"));
        }
        risk().reportOutcome(new Outcome(Ids.newId("pay"), counted, 10_00, "CNY", "failed"));
        risk().reportOutcome(new Outcome(Ids.newId("pay"), counted, 10_00, "CNY", "canceled"));
        risk().reportOutcome(new Outcome(Ids.newId("pay"), counted, 10_00, "XXX", "succeeded"));
        outcomesDelivered();

        Assessment unusual = risk().assess(payment(learnt, 10_01, "CNY", "none"));
        assertThat(unusual.decision()).isEqualTo("review");
        assertThat(unusual.reasons()).extracting(RiskClient.Reason::rule).containsExactly(ANOMALY);
        assertThat(risk().assess(payment(learnt, 10_00, "CNY", "none")).decision()).as("at the mean").isEqualTo("approve");
        assertThat(risk().assess(payment(learnt, 10_01, "USD", "none")).decision()).as("no history in USD")
                .isEqualTo("approve");
        assertThat(risk().assess(payment(counted, 10_01, "CNY", "none")).decision())
                .as("four completed payments: a repeat, a failure, a cancel and a refused outcome count nothing")
                .isEqualTo("approve");

        risk().reportOutcome(new Outcome(Ids.newId("pay"), counted, 10_00, "CNY", "succeeded"));
        outcomesDelivered();
        assertThat(risk().assess(payment(counted, 10_01, "CNY", "none")).decision()).as("the fifth").isEqualTo("review");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void aMalformedAssessmentIsRefusedNamingTheFieldAndCountsNothing() {
        String customer = customer();
        AssessmentRequest ok = payment(customer, 10_00, "CNY", "none");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 10_00, "XXX", "none", null, ip, device),
                "parameter_invalid", "currency");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 10_00, null, "none", null, ip, device),
                "parameter_missing", "currency");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 0, "CNY", "none", null, ip, device),
                "parameter_invalid", "amount");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 10_00, "CNY", "basic", null, ip, device),
                "parameter_invalid", "kycLevel");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 10_00, "CNY", null, null, ip, device),
                "parameter_missing", "kycLevel");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, null, 10_00, "CNY", "none", null, ip, device),
                "parameter_missing", "customer");
        refused(new AssessmentRequest(Ids.newId("pay"), " ", customer, 10_00, "CNY", "none", null, ip, device),
                "parameter_invalid", "merchant");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 10_00, "CNY", "none", null, "10.0.0.300", device),
                "parameter_invalid", "clientIp");
        refused(new AssessmentRequest(Ids.newId("pay"), merchant, customer, 10_00, "CNY", "none", "not-an-email", ip, device),
                "parameter_invalid", "email");
        refused(new AssessmentRequest("p".repeat(65), merchant, customer, 10_00, "CNY", "none", null, ip, device),
                "parameter_invalid", "payment");

        assertThat(risk().assess(ok).decision()).isEqualTo("approve");
        for (int i = 2; i <= 10; i++) {
            assertThat(risk().assess(payment(customer, 10_00, "CNY", "none")).decision())
                    .as("payment %d: the refusals were not counted", i).isEqualTo("approve");
        }
    }

    private void refused(AssessmentRequest request, String code, String param) {
        RemoteProblem e = catchThrowableOfType(RemoteProblem.class, () -> risk().assess(request));
        assertThat(e).as("refused with 400 %s %s: %s", code, param, request).isNotNull();
        assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.param()).as(e.getMessage()).isEqualTo(param);
    }
}

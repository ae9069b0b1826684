package io.paycloud.payment.payment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.paycloud.common.money.Money;
import io.paycloud.common.time.Times;
import io.paycloud.payment.account.AccountDirectory;
import io.paycloud.common.caller.Caller;
import io.paycloud.payment.ledger.LedgerClient;
import io.paycloud.payment.ledger.LedgerTransfer;
import io.paycloud.payment.ledger.TransferOrder;
import io.paycloud.payment.risk.RiskClient;
import io.paycloud.payment.support.ListParams;
import io.paycloud.payment.support.Metadata;
import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.payment.support.Page;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.common.client.ServiceUnavailableException;

/**
 * The payment life cycle of DESIGN.md. Each step that touches the ledger names its transfer by a
 * deterministic id, so any step can be repeated — by a client retry or by the {@link PaymentJanitor} —
 * without moving money twice. A step whose outcome is unknown leaves the payment in {@code processing}.
 */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    private static final Set<String> FAILURE_CODES = Set.of("insufficient_funds", "risk_declined", "kyc_required",
            "account_frozen", "review_declined", "expired");

    private final PaymentRepository payments;
    private final AccountDirectory directory;
    private final LedgerClient ledger;
    private final RiskClient risk;
    private final PaymentProperties properties;

    PaymentService(PaymentRepository payments, AccountDirectory directory, LedgerClient ledger, RiskClient risk,
            PaymentProperties properties) {
        this.payments = payments;
        this.directory = directory;
        this.ledger = ledger;
        this.risk = risk;
        this.properties = properties;
    }

    // ------------------------------------------------------------------ merchant calls

    public PaymentResponse create(Caller caller, CreatePaymentRequest request, String clientIp, String deviceId,
            String idempotencyKey) {
        if (idempotencyKey != null) {
            // a run of this keyed request that died half-way may already have made the payment
            Optional<Payment> earlier = payments.findByIdempotencyKey(caller.merchantId(), idempotencyKey);
            if (earlier.isPresent()) {
                return resume(earlier.get(), request);
            }
        }
        if (!Currencies.isSupported(request.currency())) {
            throw ApiException.invalid("currency", "Unsupported currency: " + request.currency() + ".");
        }
        Metadata.validate(request.metadata());
        if (!Ids.isValid(request.customer(), "cus")) {
            throw new ApiException(ErrorCode.RESOURCE_MISSING, "customer", "No such customer: '" + request.customer() + "'.");
        }
        AccountDirectory.CustomerInfo customer = directory.customer(caller.merchantId(), request.customer())
                .orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_MISSING, "customer",
                        "No such customer: '" + request.customer() + "'."));
        if (!customer.currency().equals(request.currency())) {
            throw ApiException.invalid("currency", "The customer's wallet holds " + customer.currency()
                    + "; a payment from it must be in " + customer.currency() + ".");
        }
        AccountDirectory.MerchantInfo merchant = directory.merchant(caller.merchantId());
        String merchantAccount = merchant.accounts().get(request.currency());
        if (merchantAccount == null) {
            throw ApiException.invalid("currency", "The merchant has no account in " + request.currency() + ".");
        }
        String feeAccount = directory.feeAccount(request.currency());
        Instant now = Times.now();
        Payment p = new Payment(Ids.newId("pay"), caller.merchantId(), customer.id(), customer.accountId(),
                merchantAccount, feeAccount, merchant.feeBps(), request.amount(), request.currency(),
                PaymentStatus.REQUIRES_CONFIRMATION,
                request.captureMethod() == null ? "automatic" : request.captureMethod(), 0, 0, 0, 0, null,
                request.description(), request.metadata() == null ? java.util.Map.of() : request.metadata(), null,
                null, null, null, customer.kycLevel(), customer.email(), clientIp, deviceId, 1, now, now);
        try {
            payments.insert(p, idempotencyKey);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return resume(payments.findByIdempotencyKey(caller.merchantId(), idempotencyKey).orElseThrow(), request);
        }
        if (Boolean.TRUE.equals(request.confirm())) {
            return PaymentResponse.of(settled(() -> confirm(p)));
        }
        return PaymentResponse.of(p);
    }

    /** Carries on with a payment an earlier run of the same request created, instead of making a second one. */
    private PaymentResponse resume(Payment earlier, CreatePaymentRequest request) {
        if (Boolean.TRUE.equals(request.confirm()) && earlier.status() == PaymentStatus.REQUIRES_CONFIRMATION) {
            return PaymentResponse.of(settled(() -> confirm(earlier)));
        }
        // in processing the janitor finishes it from the ledger; any other status is already the outcome
        return PaymentResponse.of(earlier);
    }

    public PaymentResponse confirm(Caller caller, String id) {
        Payment p = load(caller, id);
        if (p.status() == PaymentStatus.PROCESSING) {
            // a confirm is already under way (or was cut short and the janitor will finish it)
            return PaymentResponse.of(p);
        }
        return PaymentResponse.of(settled(() -> confirm(p)));
    }

    public PaymentResponse capture(Caller caller, String id, CapturePaymentRequest request) {
        Payment p = load(caller, id);
        if (p.status() != PaymentStatus.REQUIRES_CAPTURE) {
            throw ApiException.stateInvalid("Only a payment in requires_capture can be captured; this one is "
                    + p.status().wire() + ".");
        }
        long amount = request == null || request.amountToCapture() == null ? p.amountCapturable() : request.amountToCapture();
        if (amount > p.amountCapturable()) {
            throw ApiException.invalid("amountToCapture", "amountToCapture may not exceed amountCapturable ("
                    + p.amountCapturable() + ").");
        }
        Payment processing = begin(p, p.withStatus(PaymentStatus.PROCESSING).withCaptureRequest(amount));
        return PaymentResponse.of(settled(() -> capture(processing, true)));
    }

    public PaymentResponse cancel(Caller caller, String id) {
        Payment p = load(caller, id);
        switch (p.status()) {
            case REQUIRES_CONFIRMATION, REQUIRES_REVIEW -> {
                // no hold exists yet: nothing to release
                return PaymentResponse.of(begin(p, p.withStatus(PaymentStatus.CANCELED).withCapturable(0)));
            }
            case REQUIRES_CAPTURE -> {
                Payment processing = begin(p, p.withStatus(PaymentStatus.PROCESSING).withCaptureRequest(0L));
                return PaymentResponse.of(settled(() -> release(processing, true)));
            }
            default -> throw ApiException.stateInvalid("A payment in status " + p.status().wire() + " cannot be canceled.");
        }
    }

    public PaymentResponse review(String id, ReviewRequest request) {
        Payment p = payments.find(id).orElseThrow(() -> ApiException.notFound("payment", id));
        if (p.status() != PaymentStatus.REQUIRES_REVIEW) {
            throw ApiException.stateInvalid("Only a payment in requires_review can be reviewed; this one is "
                    + p.status().wire() + ".");
        }
        if ("decline".equals(request.decision())) {
            return PaymentResponse.of(begin(p, p.withFailure("review_declined", "The payment was declined on review.")));
        }
        Payment processing = begin(p, p.withStatus(PaymentStatus.PROCESSING));
        return PaymentResponse.of(settled(() -> hold(processing, PaymentStatus.REQUIRES_REVIEW)));
    }

    public PaymentResponse get(Caller caller, String id) {
        return PaymentResponse.of(load(caller, id));
    }

    public Page<PaymentResponse> list(Caller caller, ListParams params, String status, String customer) {
        if (status != null) {
            try {
                PaymentStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "Unknown status: " + status + ".");
            }
        }
        List<Payment> rows = payments.list(caller.merchantId(), params.limit(), params.startingAfter(), status, customer);
        return Page.of(rows.stream().map(PaymentResponse::of).toList(), params.limit());
    }

    // ------------------------------------------------------------------ the life cycle

    private Payment confirm(Payment p) {
        if (p.status() != PaymentStatus.REQUIRES_CONFIRMATION) {
            throw ApiException.stateInvalid("Only a payment in requires_confirmation can be confirmed; this one is "
                    + p.status().wire() + ".");
        }
        return assess(move(p, p.withStatus(PaymentStatus.PROCESSING)));
    }

    /** Step 1: risk. Unavailable risk never approves: it takes the configured fallback. */
    Payment assess(Payment p) {
        String decision;
        String assessmentId = null;
        String failureCode = null;
        try {
            RiskClient.Assessment a = risk.assess(new RiskClient.AssessmentRequest(p.id(), p.merchantId(),
                    p.customerId(), p.amount(), p.currency(), p.kycLevel(), p.customerEmail(), p.clientIp(),
                    p.deviceId()));
            decision = a.decision();
            assessmentId = a.id();
            failureCode = a.failureCode();
        } catch (ServiceUnavailableException | OutcomeUnknownException | RemoteProblem e) {
            log.warn("risk-service could not assess {} ({}); taking the fallback '{}'", p.id(), e.getMessage(),
                    properties.riskFallback());
            decision = properties.riskFallback();
        }
        Payment judged = move(p, p.withRisk(decision, assessmentId));
        return switch (decision) {
            case "approve" -> hold(judged, PaymentStatus.REQUIRES_CONFIRMATION);
            case "decline" -> move(judged, judged.withFailure(
                    "kyc_required".equals(failureCode) ? "kyc_required" : "risk_declined",
                    "kyc_required".equals(failureCode) ? "The customer must complete real-name verification."
                            : "The payment was declined by risk checks."));
            default -> move(judged, judged.withStatus(PaymentStatus.REQUIRES_REVIEW));
        };
    }

    /**
     * Step 2: the hold on the payer's wallet. {@code revertTo} is where the payment goes back when
     * account-service surely did nothing (the merchant's call then fails with 503); null for the janitor,
     * which simply tries again later.
     */
    Payment hold(Payment p, PaymentStatus revertTo) {
        if (p.automaticCapture()) {
            return holdAndCapture(p.withCaptureRequest(p.amount()), revertTo);
        }
        try {
            ledger.transfer(TransferOrder.hold(p.holdId(), p.payerAccountId(), p.merchantAccountId(), p.amount(),
                    p.currency(), properties.manualHold().toSeconds()));
        } catch (RemoteProblem e) {
            return move(p, p.withFailure(failureCode(e), failureMessage(e)));
        } catch (ServiceUnavailableException e) {
            return revert(p, revertTo, e);
        } catch (OutcomeUnknownException e) {
            log.warn("Hold of {} has an unknown outcome; the janitor will settle it", p.id());
            return p;
        }
        return move(p, p.withStatus(PaymentStatus.REQUIRES_CAPTURE).withCapturable(p.amount()));
    }

    /**
     * Steps 2 and 3 at once for automatic capture: the hold, its post for the whole amount and the fee as
     * one linked batch, one call and one ledger transaction instead of two. The ids are those of the
     * separate steps, so the janitor (which may find the hold alone, from a run before this one) and a
     * replay of the batch meet the same transfers. The capture request needs no write of its own: for an
     * automatic payment the janitor knows it is the whole amount (see settleFromLedger).
     */
    private Payment holdAndCapture(Payment p, PaymentStatus revertTo) {
        long fee = fee(p, p.amount());
        List<TransferOrder> batch = new ArrayList<>();
        batch.add(TransferOrder.hold(p.holdId(), p.payerAccountId(), p.merchantAccountId(), p.amount(), p.currency(),
                properties.automaticHold().toSeconds()));
        batch.addAll(captureOrders(p, p.amount(), fee));
        try {
            ledger.linkedBatch(batch);
        } catch (RemoteProblem e) {
            if (ledger.find(p.holdId()).isEmpty()) {
                // the chain stopped at the hold itself (funds, a frozen wallet): nothing moved
                return move(p, p.withFailure(failureCode(e), failureMessage(e)));
            }
            // a hold from an earlier run that has since been posted, voided or has expired
            return settleFromLedger(p);
        } catch (ServiceUnavailableException e) {
            return revert(p, revertTo, e);
        } catch (OutcomeUnknownException e) {
            log.warn("Hold and capture of {} have an unknown outcome; the janitor will settle it", p.id());
            return p;
        }
        return succeeded(p, p.amount(), fee);
    }

    /**
     * account-service surely did nothing: the payment goes back to where the merchant (or ops) can try
     * again and the call fails with 503; the janitor ({@code revertTo} null) keeps it and tries later.
     */
    private Payment revert(Payment p, PaymentStatus revertTo, ServiceUnavailableException e) {
        if (revertTo == null) {
            return p;
        }
        Payment back = p.withStatus(revertTo).withCaptureRequest(null);
        move(p, revertTo == PaymentStatus.REQUIRES_CONFIRMATION ? back.withRisk(null, null) : back);
        throw e;
    }

    /** Step 3: post the hold (for the requested amount, the rest released) with the fee, as one linked batch. */
    Payment capture(Payment p, boolean manual) {
        long amount = p.captureAmount();
        long fee = fee(p, amount);
        try {
            ledger.linkedBatch(captureOrders(p, amount, fee));
        } catch (RemoteProblem e) {
            return settleFromLedger(p);
        } catch (ServiceUnavailableException e) {
            if (manual) {
                move(p, p.withStatus(PaymentStatus.REQUIRES_CAPTURE).withCaptureRequest(null));
                throw e;
            }
            return p;
        } catch (OutcomeUnknownException e) {
            log.warn("Capture of {} has an unknown outcome; the janitor will settle it", p.id());
            return p;
        }
        return succeeded(p, amount, fee);
    }

    private static long fee(Payment p, long amount) {
        return Money.of(amount, p.currency()).share(p.feeBps(), 10_000).minorUnits();
    }

    private static List<TransferOrder> captureOrders(Payment p, long amount, long fee) {
        List<TransferOrder> orders = new ArrayList<>();
        orders.add(TransferOrder.post(p.captureId(), p.holdId(), amount));
        if (fee > 0) {
            orders.add(TransferOrder.single(p.feeId(), p.merchantAccountId(), p.feeAccountId(), fee, p.currency()));
        }
        return orders;
    }

    private Payment succeeded(Payment p, long amount, long fee) {
        Payment done = move(p, p.withStatus(PaymentStatus.SUCCEEDED).withCaptured(amount, fee));
        if (done.status() == PaymentStatus.SUCCEEDED) {
            risk.reportOutcome(new RiskClient.Outcome(p.id(), p.customerId(), amount, p.currency(), "succeeded"));
        }
        return done;
    }

    /** Releases the whole hold (cancel from requires_capture). */
    Payment release(Payment p, boolean byMerchant) {
        try {
            ledger.transfer(TransferOrder.release(p.releaseId(), p.holdId()));
        } catch (RemoteProblem e) {
            return settleFromLedger(p);
        } catch (ServiceUnavailableException e) {
            if (byMerchant) {
                move(p, p.withStatus(PaymentStatus.REQUIRES_CAPTURE).withCaptureRequest(null));
                throw e;
            }
            return p;
        } catch (OutcomeUnknownException e) {
            return p;
        }
        return move(p, p.withStatus(PaymentStatus.CANCELED).withCapturable(0));
    }

    /**
     * Brings a payment left in {@code processing} to where the ledger says it is, finishing the
     * step it was in. Called by the janitor, and after a refusal that may mean "already done".
     */
    Payment settleFromLedger(Payment p) {
        Optional<LedgerTransfer> hold = ledger.find(p.holdId());
        if (hold.isEmpty()) {
            if (p.riskDecision() == null) {
                return assess(p);
            }
            if (Times.now().isAfter(p.createdAt().plus(properties.giveUpAfter()))) {
                return move(p, p.withFailure(null, "The payment could not be processed in time; nothing was charged."));
            }
            return hold(p, null);
        }
        return switch (hold.get().status()) {
            case "pending" -> {
                if (p.captureAmount() == null) {
                    yield p.automaticCapture() ? capture(move(p, p.withCaptureRequest(p.amount())), false)
                            : move(p, p.withStatus(PaymentStatus.REQUIRES_CAPTURE).withCapturable(p.amount()));
                }
                yield p.captureAmount() == 0 ? release(p, false) : capture(p, false);
            }
            case "posted" -> {
                LedgerTransfer posted = ledger.find(p.captureId())
                        .orElseThrow(() -> new IllegalStateException("hold of " + p.id() + " posted by another transfer"));
                Optional<LedgerTransfer> fee = ledger.find(p.feeId());
                Payment done = move(p, p.withStatus(PaymentStatus.SUCCEEDED)
                        .withCaptured(posted.amount(), fee.map(LedgerTransfer::amount).orElse(0L)));
                yield done;
            }
            case "voided" -> p.captureAmount() != null && p.captureAmount() == 0
                    ? move(p, p.withStatus(PaymentStatus.CANCELED).withCapturable(0))
                    : move(p, p.withFailure(null, "The hold was released; nothing was charged."));
            default -> move(p, p.withFailure("expired", "The authorization expired before it was captured."));
        };
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a step of the life cycle; if another actor finished it first, shows what that actor made of it. */
    private static Payment settled(java.util.function.Supplier<Payment> step) {
        try {
            return step.get();
        } catch (ConcurrentChange e) {
            return e.current();
        }
    }

    private Payment load(Caller caller, String id) {
        if (!Ids.isValid(id, "pay")) {
            throw ApiException.notFound("payment", id);
        }
        return payments.find(id).filter(p -> p.merchantId().equals(caller.merchantId()))
                .orElseThrow(() -> ApiException.notFound("payment", id));
    }

    /**
     * Applies a transition; when another actor (the janitor, a concurrent request) moved the payment
     * first, answers with what it is now instead of overwriting it.
     */
    private Payment move(Payment current, Payment next) {
        Optional<Payment> saved = payments.transition(current, next);
        if (saved.isPresent()) {
            return saved.get();
        }
        Payment now = payments.find(current.id()).orElseThrow();
        if (current.status() == PaymentStatus.PROCESSING || now.status() == PaymentStatus.PROCESSING) {
            throw new ConcurrentChange(now);
        }
        throw ApiException.stateInvalid("The payment changed meanwhile; it is now " + now.status().wire() + ".");
    }

    /**
     * The first move of a merchant's or an operator's operation, from the status the payment was read in.
     * Losing it to a concurrent request (a capture and a cancel at once) means that request's operation
     * is under way, not this one: a 409, as this call would get a moment later, and nothing was done.
     */
    private Payment begin(Payment current, Payment next) {
        try {
            return move(current, next);
        } catch (ConcurrentChange e) {
            throw ApiException.stateInvalid("The payment changed meanwhile; it is now " + e.current().status().wire() + ".");
        }
    }

    private static String failureCode(RemoteProblem e) {
        return e.code() != null && FAILURE_CODES.contains(e.code()) ? e.code() : null;
    }

    private static String failureMessage(RemoteProblem e) {
        return "insufficient_funds".equals(e.code()) ? "The customer's wallet does not hold enough funds."
                : e.getMessage();
    }

    /** Another actor moved the payment while this one was working on it; the caller shows the newer state. */
    static final class ConcurrentChange extends RuntimeException {

        private final transient Payment current;

        ConcurrentChange(Payment current) {
            super("payment " + current.id() + " changed concurrently", null, false, false);
            this.current = current;
        }

        Payment current() {
            return current;
        }
    }
}

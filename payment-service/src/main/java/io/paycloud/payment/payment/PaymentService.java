package io.paycloud.payment.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.paycloud.common.caller.Caller;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;
import io.paycloud.common.money.Currencies;
import io.paycloud.common.time.Times;
import io.paycloud.payment.account.AccountDirectory;
import io.paycloud.payment.idempotency.IdempotencyClaim;
import io.paycloud.payment.idempotency.IdempotencyStore;
import io.paycloud.payment.support.ListParams;
import io.paycloud.payment.support.Metadata;
import io.paycloud.payment.support.Page;

/**
 * The merchant's and the operator's payment calls: they check the request, then hand the payment's
 * operation to the {@link PaymentEngine}, which runs it through the {@link Lifecycle} table. Each step
 * that touches the ledger names its transfer by a deterministic id, so any step can be repeated (by a
 * client retry or by the {@link PaymentJanitor}) without moving money twice.
 */
@Service
public class PaymentService {

    private final PaymentRepository payments;
    private final AccountDirectory directory;
    private final PaymentEngine engine;
    private final IdempotencyStore idempotency;

    PaymentService(PaymentRepository payments, AccountDirectory directory, PaymentEngine engine,
            IdempotencyStore idempotency) {
        this.payments = payments;
        this.directory = directory;
        this.engine = engine;
        this.idempotency = idempotency;
    }

    // ------------------------------------------------------------------ merchant calls

    /**
     * Creates a payment. With {@code claim} (a keyed request) the key is recorded in the payment's first
     * transaction and the answer, {@code 201} with the payment, in its last.
     */
    public PaymentResponse create(Caller caller, CreatePaymentRequest request, String clientIp, String deviceId,
            String idempotencyKey, IdempotencyClaim claim) {
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
        Payment p = new Payment(new Payment.Terms(Ids.newId("pay"), caller.merchantId(), customer.id(),
                customer.accountId(), merchantAccount, feeAccount, merchant.feeBps(), request.amount(),
                request.currency(), request.captureMethod() == null ? "automatic" : request.captureMethod(),
                request.description(), request.metadata() == null ? Map.of() : request.metadata(),
                customer.kycLevel(), customer.email(), clientIp, deviceId, now), Payment.State.initial(now));
        KeyRecord key = claim == null ? KeyRecord.NONE : (saved, last) -> idempotency.record(claim,
                last ? new IdempotencyClaim.Answer(HttpStatus.CREATED.value(), PaymentResponse.of(saved)) : null);
        try {
            if (Boolean.TRUE.equals(request.confirm())) {
                return PaymentResponse.of(engine.createConfirmed(p, idempotencyKey, key));
            }
            return PaymentResponse.of(payments.insert(p, idempotencyKey, key));
        } catch (DuplicateKeyException e) {
            if (claim != null) {
                // a concurrent request under the same key wrote first: 409 while it runs, 422 if it differs
                throw idempotency.lostRace(claim);
            }
            // the same key raced this request to the insert: show what that request made
            return resume(payments.findByIdempotencyKey(caller.merchantId(), idempotencyKey).orElseThrow(), request);
        }
    }

    /** Carries on with a payment an earlier run of the same request created, instead of making a second one. */
    private PaymentResponse resume(Payment earlier, CreatePaymentRequest request) {
        if (Boolean.TRUE.equals(request.confirm()) && earlier.status() == PaymentStatus.REQUIRES_CONFIRMATION) {
            return PaymentResponse.of(confirm(earlier));
        }
        // in processing the janitor finishes it from the ledger; any other status is already the outcome
        return PaymentResponse.of(earlier);
    }

    /**
     * Confirms a payment. With {@code claim} (a keyed request), as for each operation below, the key is
     * recorded in the operation's first transaction and the answer, {@code 200} with the payment, in its last.
     */
    public PaymentResponse confirm(Caller caller, String id, IdempotencyClaim claim) {
        Payment p = load(caller, id);
        if (p.status() == PaymentStatus.PROCESSING || startedEarlier(claim, p, Operation.ASSESS)) {
            // a confirm is already under way (or was cut short and the janitor will finish it)
            return PaymentResponse.of(p);
        }
        return operate(claim, key -> engine.start(p, Operation.ASSESS, null, "Only a payment in requires_confirmation "
                + "can be confirmed; this one is " + p.status().wire() + ".", key));
    }

    public PaymentResponse capture(Caller caller, String id, CapturePaymentRequest request, IdempotencyClaim claim) {
        Payment p = load(caller, id);
        if (underWay(p, Operation.CAPTURE) || startedEarlier(claim, p, Operation.CAPTURE)) {
            return PaymentResponse.of(p);
        }
        String refusal = "Only a payment in requires_capture can be captured; this one is " + p.status().wire() + ".";
        Lifecycle.check(p.status(), Operation.CAPTURE, refusal);
        long capturable = p.state().amountCapturable();
        long amount = request == null || request.amountToCapture() == null ? capturable : request.amountToCapture();
        if (amount > capturable) {
            throw ApiException.invalid("amountToCapture", "amountToCapture may not exceed amountCapturable ("
                    + capturable + ").");
        }
        return operate(claim, key -> engine.start(p, Operation.CAPTURE, amount, refusal, key));
    }

    public PaymentResponse cancel(Caller caller, String id, IdempotencyClaim claim) {
        Payment p = load(caller, id);
        if (underWay(p, Operation.CANCEL) || startedEarlier(claim, p, Operation.CANCEL)) {
            return PaymentResponse.of(p);
        }
        return operate(claim, key -> engine.start(p, Operation.CANCEL, null,
                "A payment in status " + p.status().wire() + " cannot be canceled.", key));
    }

    /**
     * A capture or cancel asked for again while the same operation is still in flight (the earlier
     * request's answer was lost, or it was cut short and the janitor finishes it) answers as the payment is.
     */
    private static boolean underWay(Payment p, Operation operation) {
        return p.status() == PaymentStatus.PROCESSING && p.operation() == operation;
    }

    /**
     * The claim's record was found in flight past its lease (an earlier run of this same keyed request
     * wrote it and died) and the payment has left the statuses {@code operation} starts from: that run's
     * operation is the payment's (the janitor finishes it), so this run answers with the payment as it is
     * instead of a 409. A payment still where the operation starts (that run's operation went back, or a
     * replica of the previous version made the record before touching anything) runs the operation now.
     */
    private static boolean startedEarlier(IdempotencyClaim claim, Payment p, Operation operation) {
        return claim != null && claim.takenOver() && !Lifecycle.allows(p.status(), operation);
    }

    /** Runs a merchant's operation with its key recorded in the operation's own writes. */
    private PaymentResponse operate(IdempotencyClaim claim, Function<KeyRecord, Payment> operation) {
        KeyRecord key = claim == null ? KeyRecord.NONE : (saved, last) -> idempotency.record(claim,
                last ? new IdempotencyClaim.Answer(HttpStatus.OK.value(), PaymentResponse.of(saved)) : null);
        try {
            return PaymentResponse.of(operation.apply(key));
        } catch (DuplicateKeyException e) {
            if (claim == null) {
                throw e;
            }
            // a concurrent request under the same key wrote first: 409 while it runs, 422 if it differs
            throw idempotency.lostRace(claim);
        }
    }

    public PaymentResponse review(String id, ReviewRequest request) {
        Payment p = payments.find(id).orElseThrow(() -> ApiException.notFound("payment", id));
        Operation operation = "decline".equals(request.decision()) ? Operation.DECLINE : Operation.authorizationFor(p);
        return PaymentResponse.of(engine.start(p, operation, null,
                "Only a payment in requires_review can be reviewed; this one is " + p.status().wire() + "."));
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

    private Payment confirm(Payment p) {
        return engine.start(p, Operation.ASSESS, null,
                "Only a payment in requires_confirmation can be confirmed; this one is " + p.status().wire() + ".");
    }

    private Payment load(Caller caller, String id) {
        if (!Ids.isValid(id, "pay")) {
            throw ApiException.notFound("payment", id);
        }
        return payments.find(id).filter(p -> p.merchantId().equals(caller.merchantId()))
                .orElseThrow(() -> ApiException.notFound("payment", id));
    }
}

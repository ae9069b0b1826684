package io.paycloud.payment.refund;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.common.caller.Caller;
import io.paycloud.payment.event.EventStore;
import io.paycloud.payment.idempotency.IdempotencyClaim;
import io.paycloud.payment.idempotency.IdempotencyStore;
import io.paycloud.payment.ledger.LedgerClient;
import io.paycloud.payment.ledger.TransferOrder;
import io.paycloud.payment.payment.PaymentRefunds;
import io.paycloud.payment.support.ListParams;
import io.paycloud.common.client.OutcomeUnknownException;
import io.paycloud.payment.support.Page;
import io.paycloud.common.client.RemoteProblem;
import io.paycloud.common.client.ServiceUnavailableException;

/**
 * Refunds: the amount is reserved on the payment (never more than captured minus earlier refunds)
 * in the same transaction that records the refund, then moved back to the payer together with the
 * pro-rata fee reversal as one linked ledger batch with deterministic ids. A keyed request records its
 * {@code Idempotency-Key} on the refund and in the refund's own transactions, so a run of it again (after
 * a failure on our side, or after its first run died) carries on with the refund that run made.
 */
@Service
public class RefundService {

    private static final Logger log = LoggerFactory.getLogger(RefundService.class);

    private final RefundRepository refunds;
    private final PaymentRefunds payments;
    private final LedgerClient ledger;
    private final EventStore events;
    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;

    RefundService(RefundRepository refunds, PaymentRefunds payments, LedgerClient ledger, EventStore events,
            TransactionTemplate tx, IdempotencyStore idempotency) {
        this.refunds = refunds;
        this.payments = payments;
        this.ledger = ledger;
        this.events = events;
        this.tx = tx;
        this.idempotency = idempotency;
    }

    /**
     * Creates a refund. With {@code claim} (a keyed request) the key is recorded with the reservation and
     * the answer, {@code 201} with the refund, with its outcome.
     */
    public RefundResponse create(Caller caller, CreateRefundRequest request, IdempotencyClaim claim) {
        if (claim != null) {
            // a run of this keyed request that failed or died half-way may already have made the refund
            Optional<Refund> earlier = refunds.findByIdempotencyKey(caller.merchantId(), claim.key());
            if (earlier.isPresent()) {
                return RefundResponse.of(resume(earlier.get(), request, claim));
            }
        }
        if (!Ids.isValid(request.payment(), "pay")) {
            throw new ApiException(ErrorCode.RESOURCE_MISSING, "payment", "No such payment: '" + request.payment() + "'.");
        }
        Instant now = Times.now();
        record Reserved(Refund refund, PaymentRefunds.Reservation reservation) {
        }
        Reserved reserved;
        try {
            reserved = tx.execute(status -> {
                if (claim != null) {
                    // the key first: a concurrent request under the same key fails here, before anything is reserved
                    idempotency.record(claim, null);
                }
                PaymentRefunds.Reservation r = payments.reserve(caller.merchantId(), request.payment(), request.amount());
                Refund refund = new Refund(Ids.newId("re"), r.paymentId(), caller.merchantId(), r.amount(),
                        r.feeReversed(), r.currency(), "pending", request.reason(), null, now);
                refunds.insert(refund, claim == null ? null : claim.key());
                return new Reserved(refund, r);
            });
        } catch (DuplicateKeyException e) {
            if (claim == null) {
                throw e;
            }
            // a concurrent request under the same key wrote first: 409 while it runs, 422 if it differs
            throw idempotency.lostRace(claim);
        }
        return RefundResponse.of(execute(reserved.refund(), reserved.reservation(), true, claim));
    }

    /**
     * Carries on with the refund an earlier run of the same keyed request made, instead of reserving and
     * moving the money again: settled from the ledger's deterministic ids if it is still pending.
     */
    private Refund resume(Refund earlier, CreateRefundRequest request, IdempotencyClaim claim) {
        if (!earlier.paymentId().equals(request.payment())
                || (request.amount() != null && request.amount() != earlier.amount())) {
            throw idempotency.reused(claim);
        }
        return "pending".equals(earlier.status()) ? settle(earlier, false) : earlier;
    }

    public RefundResponse get(Caller caller, String id) {
        if (!Ids.isValid(id, "re")) {
            throw ApiException.notFound("refund", id);
        }
        return refunds.find(id).filter(r -> r.merchantId().equals(caller.merchantId())).map(RefundResponse::of)
                .orElseThrow(() -> ApiException.notFound("refund", id));
    }

    public Page<RefundResponse> list(Caller caller, String paymentId, ListParams params) {
        return Page.of(refunds.list(caller.merchantId(), paymentId, params.limit(), params.startingAfter()).stream()
                .map(RefundResponse::of).toList(), params.limit());
    }

    /**
     * Moves the money; a refund whose outcome is unknown stays pending for the janitor. {@code claim}: the
     * merchant's keyed request, whose answer is recorded with the outcome (null for none).
     */
    private Refund execute(Refund refund, PaymentRefunds.Reservation r, boolean byMerchant, IdempotencyClaim claim) {
        List<TransferOrder> batch = new ArrayList<>();
        if (r.feeReversed() > 0) {
            // the fee comes back first, so the merchant needs only the net amount available
            batch.add(TransferOrder.single(refund.feeReversalId(), r.feeAccountId(), r.merchantAccountId(),
                    r.feeReversed(), r.currency()));
        }
        batch.add(TransferOrder.single(refund.refundTransferId(), r.merchantAccountId(), r.payerAccountId(), r.amount(),
                r.currency()));
        try {
            ledger.linkedBatch(batch);
        } catch (RemoteProblem e) {
            String code = "insufficient_funds".equals(e.code()) ? "insufficient_funds" : e.code();
            return finish(refund, "failed", code, claim);
        } catch (ServiceUnavailableException e) {
            if (!byMerchant) {
                return refund;
            }
            // nothing moved: the refund never happened, and the merchant may try again
            tx.executeWithoutResult(s -> {
                // unless another actor (the janitor, a retry of the same keyed request) settled it meanwhile
                if (refunds.delete(refund.id())) {
                    payments.release(refund.paymentId(), refund.amount(), refund.feeReversed());
                }
            });
            throw e;
        } catch (OutcomeUnknownException e) {
            log.warn("Refund {} has an unknown outcome; the janitor will settle it", refund.id());
            return refund;
        }
        return finish(refund, "succeeded", null, claim);
    }

    /** Settles a refund left pending, from the ledger's deterministic ids. */
    Refund settle(Refund refund, boolean giveUp) {
        if (ledger.find(refund.refundTransferId()).isPresent()) {
            return finish(refund, "succeeded", null, null);
        }
        if (giveUp) {
            return finish(refund, "failed", null, null);
        }
        return execute(refund, payments.describe(refund.paymentId(), refund.amount(), refund.feeReversed()), false,
                null);
    }

    private Refund finish(Refund refund, String status, String failureCode, IdempotencyClaim claim) {
        Refund done = new Refund(refund.id(), refund.paymentId(), refund.merchantId(), refund.amount(),
                refund.feeReversed(), refund.currency(), status, refund.reason(), failureCode, refund.createdAt());
        Boolean settled = tx.execute(s -> {
            if (!refunds.settle(refund.id(), status, failureCode)) {
                return false;
            }
            if ("failed".equals(status)) {
                payments.release(refund.paymentId(), refund.amount(), refund.feeReversed());
            }
            events.append(refund.merchantId(), "refund." + status, refund.id(), 1, RefundResponse.of(done), Times.now());
            if (claim != null) {
                idempotency.record(claim, new IdempotencyClaim.Answer(HttpStatus.CREATED.value(), RefundResponse.of(done)));
            }
            return true;
        });
        return Boolean.TRUE.equals(settled) ? done : refunds.find(refund.id()).orElse(done);
    }
}

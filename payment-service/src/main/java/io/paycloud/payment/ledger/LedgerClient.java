package io.paycloud.payment.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The ledger as payment-service uses it. Failures are {@code ServiceUnavailableException} (nothing
 * done), {@code RemoteProblem} (refused, e.g. {@code insufficient_funds}) or
 * {@code OutcomeUnknownException} (may have been done: read it back by id).
 */
public interface LedgerClient {

    LedgerTransfer transfer(TransferOrder order);

    /** A linked batch: every transfer is recorded, or none is and the first refusal is thrown. */
    List<LedgerTransfer> linkedBatch(List<TransferOrder> orders);

    Optional<LedgerTransfer> find(String transferId);
}

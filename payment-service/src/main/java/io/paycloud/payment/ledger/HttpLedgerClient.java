package io.paycloud.payment.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.paycloud.common.client.RemoteCalls;
import io.paycloud.common.client.ServiceClients;
import io.paycloud.common.client.RemoteProblem;

@Component
class HttpLedgerClient implements LedgerClient {

    private static final String SERVICE = "account-service";

    private final RestClient client;
    private final RemoteCalls calls;

    @Autowired
    HttpLedgerClient(ServiceClients clients, RemoteCalls calls) {
        this(clients.to(SERVICE), calls);
    }

    HttpLedgerClient(RestClient client, RemoteCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    record BatchRequest(List<TransferOrder> transfers) {
    }

    record BatchError(int status, String code, String param, String detail) {
    }

    record BatchResult(int index, String id, String result, LedgerTransfer transfer, BatchError error) {
    }

    record BatchResponse(List<BatchResult> results) {
    }

    @Override
    public LedgerTransfer transfer(TransferOrder order) {
        return calls.idempotent(SERVICE, () -> client.post().uri("/internal/transfers").body(order)
                .retrieve().body(LedgerTransfer.class));
    }

    @Override
    public List<LedgerTransfer> linkedBatch(List<TransferOrder> orders) {
        List<TransferOrder> chained = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            chained.add(i < orders.size() - 1 ? orders.get(i).chained() : orders.get(i));
        }
        BatchResponse response = calls.idempotent(SERVICE, () -> client.post().uri("/internal/transfers/batch")
                .body(new BatchRequest(chained)).retrieve().body(BatchResponse.class));
        List<LedgerTransfer> out = new ArrayList<>();
        BatchError firstError = null;
        for (BatchResult r : response.results()) {
            if ("failed".equals(r.result())) {
                // the chain failed as one; report the transfer that caused it, not its innocent partners
                if (firstError == null || "linked_event_failed".equals(firstError.code())) {
                    firstError = r.error();
                }
            } else {
                out.add(r.transfer());
            }
        }
        if (firstError != null) {
            throw new RemoteProblem(firstError.status(), firstError.code(), firstError.param(), firstError.detail());
        }
        return out;
    }

    @Override
    public Optional<LedgerTransfer> find(String transferId) {
        try {
            return Optional.ofNullable(calls.idempotent(SERVICE, () -> client.get()
                    .uri("/internal/transfers/{id}", transferId).retrieve().body(LedgerTransfer.class)));
        } catch (RemoteProblem e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}

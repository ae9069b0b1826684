package io.paycloud.account.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.paycloud.account.support.Page;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;

/**
 * The append-only, hash-chained record of operator actions. Each event carries the hash of the one
 * before, so changing or removing any stored event breaks every link after it
 * ({@link AuditChainVerifier} finds where). Appends are serialised through the one-row
 * {@code audit_chain_head}, locked in the transaction that inserts the event: replicas of
 * account-service append to one chain, and sequence numbers have no gaps.
 */
@Service
public class AuditTrail {

    /** Earliest {@code occurredAt} taken from a reporter: older is a broken clock, not an old event. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead of this service's clock a reporter's clock may run. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final AuditStore store;
    private final TransactionTemplate tx;
    private final Clock clock;

    AuditTrail(AuditStore store, PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Records {@code entry} at the end of the chain and answers it as stored. */
    public AuditEvent append(AuditEntry entry) {
        Instant now = clock.instant();
        Instant occurredAt = entry.occurredAt() == null ? now : entry.occurredAt();
        if (occurredAt.isBefore(EARLIEST) || occurredAt.isAfter(now.plus(SKEW))) {
            throw ApiException.invalid("occurredAt", "occurredAt is from 2000 on and at most 5 minutes ahead.");
        }
        String body = RequestBodyMasking.mask(entry.requestBody());
        String id = Ids.newId("aud");
        return tx.execute(status -> {
            AuditStore.Head head = store.lockHead();
            AuditEvent unhashed = new AuditEvent(head.sequence() + 1, id, occurredAt.truncatedTo(ChronoUnit.MICROS),
                    entry.actor(), entry.actorRoles(), entry.action(), entry.objectId(), body, entry.outcome(),
                    entry.requestId(), entry.clientAddress(), head.hash(), null);
            AuditEvent event = withHash(unhashed);
            store.insert(event);
            store.moveHead(new AuditStore.Head(event.sequence(), event.hash()));
            return event;
        });
    }

    /** Events matching {@code filter}, newest first, after the cursor {@code startingAfter} (an event id). */
    Page<AuditEvent> list(AuditFilter filter, int limit, String startingAfter) {
        Long before = null;
        if (startingAfter != null) {
            before = store.sequenceOf(startingAfter).orElseThrow(
                    () -> ApiException.invalid("startingAfter", "No audit event '" + startingAfter + "'."));
        }
        List<AuditEvent> rows = store.newestFirst(filter, before, limit + 1);
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    /**
     * Every event matching {@code filter} that exists when the export starts, oldest first, handed to
     * {@code sink} a page at a time: an export of any size holds one page in memory and no transaction.
     */
    void export(AuditFilter filter, int pageSize, Consumer<List<AuditEvent>> sink) {
        long upTo = store.lastSequence();
        long after = 0;
        while (true) {
            List<AuditEvent> page = store.oldestFirst(filter, after, upTo, pageSize);
            sink.accept(page);
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).sequence();
        }
    }

    private static AuditEvent withHash(AuditEvent e) {
        return new AuditEvent(e.sequence(), e.id(), e.occurredAt(), e.actor(), e.actorRoles(), e.action(), e.objectId(),
                e.requestBody(), e.outcome(), e.requestId(), e.clientAddress(), e.prevHash(), AuditHash.of(e));
    }
}

package io.paycloud.account.audit;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Walks the audit chain from the first event, a page at a time, and recomputes it: each seq one more
 * than the last, each prev_hash the hash of the event before, each hash right for the event's stored
 * columns, and the head row pointing at the last event. Reads only committed rows up to the head it
 * saw when it started, so appends running meanwhile cannot look like a break. Read-only: every replica
 * may run it.
 */
@Component
class AuditChainVerifier {

    static final String HASH_MISMATCH = "hash mismatch";
    static final String PREV_HASH_DOES_NOT_LINK = "prev_hash does not link";
    static final String HEAD_DOES_NOT_MATCH = "head does not match last entry";

    private final AuditStore store;
    private final int pageSize;

    AuditChainVerifier(AuditStore store, AuditProperties properties) {
        this.store = store;
        this.pageSize = properties.verifyPageSize();
    }

    ChainVerification verify() {
        // an append moves the head in the transaction that inserts its event: every event up to this
        // head is committed, and events after it are newer than this walk
        AuditStore.Head head = store.head();
        String prevHash = AuditHash.GENESIS;
        AuditEvent last = null;
        long checked = 0;
        while (true) {
            List<AuditEvent> page = store.oldestFirst(AuditFilter.ALL, last == null ? 0 : last.sequence(),
                    head.sequence(), pageSize);
            for (AuditEvent e : page) {
                long expected = last == null ? 1 : last.sequence() + 1;
                if (e.sequence() != expected) {
                    return broken(checked, e, "gap after seq " + (expected - 1));
                }
                if (!e.prevHash().equals(prevHash)) {
                    return broken(checked, e, PREV_HASH_DOES_NOT_LINK);
                }
                if (!AuditHash.of(e).equals(e.hash())) {
                    return broken(checked, e, HASH_MISMATCH);
                }
                prevHash = e.hash();
                last = e;
                checked++;
            }
            if (page.size() < pageSize) {
                break;
            }
        }
        long lastSequence = last == null ? 0 : last.sequence();
        if (lastSequence != head.sequence() || !prevHash.equals(head.hash())) {
            return last == null ? new ChainVerification(checked, new ChainVerification.Break(0, null, HEAD_DOES_NOT_MATCH))
                    : broken(checked, last, HEAD_DOES_NOT_MATCH);
        }
        // events past the head: an insert that did not go through the head. The table's end is read
        // before the head is read again, and an append commits its event and the head's move together,
        // so any event visible here has a head at least as far by then: an append running now cannot
        // show up as a break.
        long lastInTable = store.lastSequence();
        if (lastInTable > store.head().sequence()) {
            AuditEvent beyond = store.oldestFirst(AuditFilter.ALL, lastInTable - 1, lastInTable, 1).get(0);
            return broken(checked, beyond, HEAD_DOES_NOT_MATCH);
        }
        return new ChainVerification(checked, null);
    }

    private static ChainVerification broken(long checked, AuditEvent at, String reason) {
        return new ChainVerification(checked, new ChainVerification.Break(at.sequence(), at.id(), reason));
    }
}

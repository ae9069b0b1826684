package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.paycloud.account.IntegrationTest;

/**
 * Tampering straight in the database, as someone with SQL access would, is found and named. Each test
 * puts the rows back, since the other tests of this context share the chain.
 */
class AuditChainVerifierTest extends IntegrationTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditStore store;

    @Autowired
    JdbcClient jdbc;

    /** Three events a page, so every walk here crosses page boundaries. */
    AuditChainVerifier verifier;
    List<AuditEvent> events;

    @BeforeEach
    void fiveFreshEvents() {
        verifier = new AuditChainVerifier(store, new AuditProperties(Duration.ofSeconds(60), 3));
        events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(trail.append(AuditTrailTest.entry("carol", "POST /v1/accounts/{id}/deposits", "acc_" + i,
                    "{\"amount\":" + (100 + i) + ",\"currency\":\"CNY\"}")));
        }
        assertThat(verifier.verify().broken()).as("the chain before tampering").isNull();
    }

    @AfterEach
    void theRepairedChainVerifiesAgain() {
        assertThat(verifier.verify().broken()).as("the chain after putting the rows back").isNull();
    }

    @Test
    void anIntactChainVerifiesEveryEvent() {
        ChainVerification result = verifier.verify();
        assertThat(result.ok()).isTrue();
        assertThat(result.entries()).isEqualTo(store.head().sequence()).isGreaterThanOrEqualTo(5);
        // and with the configured page size, the way the job runs it
        assertThat(new AuditChainVerifier(store, new AuditProperties(Duration.ofSeconds(60), 1000)).verify().ok()).isTrue();
    }

    @Test
    void aChangedRequestBodyIsAHashMismatchAtThatEvent() {
        AuditEvent third = events.get(2);
        jdbc.sql("UPDATE audit_events SET request_body = ? WHERE seq = ?")
                .params("{\"amount\":1000000,\"currency\":\"CNY\"}", third.sequence()).update();
        try {
            assertThat(verifier.verify().broken()).isEqualTo(
                    new ChainVerification.Break(third.sequence(), third.id(), AuditChainVerifier.HASH_MISMATCH));
        } finally {
            jdbc.sql("UPDATE audit_events SET request_body = ? WHERE seq = ?").params(third.requestBody(), third.sequence())
                    .update();
        }
    }

    @Test
    void aRehashedChangeBreaksTheLinkOfTheNextEvent() {
        AuditEvent third = events.get(2);
        AuditEvent forged = new AuditEvent(third.sequence(), third.id(), third.occurredAt(), third.actor(),
                third.actorRoles(), third.action(), third.objectId(), "{\"amount\":1}", third.outcome(), third.requestId(),
                third.clientAddress(), third.prevHash(), null);
        jdbc.sql("UPDATE audit_events SET request_body = ?, hash = ? WHERE seq = ?")
                .params(forged.requestBody(), AuditHash.of(forged), third.sequence()).update();
        try {
            AuditEvent fourth = events.get(3);
            assertThat(verifier.verify().broken()).isEqualTo(new ChainVerification.Break(fourth.sequence(), fourth.id(),
                    AuditChainVerifier.PREV_HASH_DOES_NOT_LINK));
        } finally {
            jdbc.sql("UPDATE audit_events SET request_body = ?, hash = ? WHERE seq = ?")
                    .params(third.requestBody(), third.hash(), third.sequence()).update();
        }
    }

    @Test
    void aDeletedMiddleEventIsAGapNamedAtTheEventAfterIt() {
        AuditEvent second = events.get(1);
        jdbc.sql("DELETE FROM audit_events WHERE seq = ?").param(second.sequence()).update();
        try {
            AuditEvent third = events.get(2);
            assertThat(verifier.verify().broken()).isEqualTo(new ChainVerification.Break(third.sequence(), third.id(),
                    "gap after seq " + events.get(0).sequence()));
        } finally {
            store.insert(second);
        }
    }

    @Test
    void aDeletedLastEventLeavesTheHeadPointingPastTheChain() {
        AuditEvent last = events.get(4);
        jdbc.sql("DELETE FROM audit_events WHERE seq = ?").param(last.sequence()).update();
        try {
            AuditEvent fourth = events.get(3);
            assertThat(verifier.verify().broken()).isEqualTo(new ChainVerification.Break(fourth.sequence(), fourth.id(),
                    AuditChainVerifier.HEAD_DOES_NOT_MATCH));
        } finally {
            store.insert(last);
        }
    }

    @Test
    void anEventInsertedPastTheHeadIsFound() {
        AuditEvent last = events.get(4);
        AuditEvent extra = new AuditEvent(last.sequence() + 1, "aud_01ARZ3NDEKTSV4RRFFQ69G5FAV", last.occurredAt(), "mallory",
                List.of(), "nothing happened", null, null, "200", null, null, last.hash(), null);
        AuditEvent hashed = new AuditEvent(extra.sequence(), extra.id(), extra.occurredAt(), extra.actor(),
                extra.actorRoles(), extra.action(), extra.objectId(), extra.requestBody(), extra.outcome(),
                extra.requestId(), extra.clientAddress(), extra.prevHash(), AuditHash.of(extra));
        store.insert(hashed);
        try {
            assertThat(verifier.verify().broken()).isEqualTo(new ChainVerification.Break(hashed.sequence(), hashed.id(),
                    AuditChainVerifier.HEAD_DOES_NOT_MATCH));
        } finally {
            jdbc.sql("DELETE FROM audit_events WHERE seq = ?").param(hashed.sequence()).update();
        }
    }
}

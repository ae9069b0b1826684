package io.paycloud.account.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.paycloud.account.IntegrationTest;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.testsupport.TestTimes;

/** Appending: one chain, no gaps, masked bodies, whatever the number of writers. */
class AuditTrailTest extends IntegrationTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditStore store;

    @Autowired
    AuditChainVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    static AuditEntry entry(String actor, String action, String objectId, String body) {
        return new AuditEntry(null, actor, List.of("support", "admin", "support"), action, objectId, body, "201",
                "req_test", "203.0.113.7");
    }

    @Test
    void anAppendedEventLinksToThePreviousOneAndIsStoredAsAnswered() {
        AuditEvent first = trail.append(entry("alice", "POST /v1/merchants", null, "{\"name\":\"Tea\"}"));
        AuditEvent second = trail.append(entry("alice", "POST /v1/accounts/{id}/deposits", "acc_1",
                "{\"amount\":100,\"currency\":\"CNY\"}"));

        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(second.hash()).isEqualTo(AuditHash.of(second)).matches("[0-9a-f]{64}");
        assertThat(second.id()).matches("aud_[0-9A-Z]{26}");
        assertThat(second.actorRoles()).containsExactly("admin", "support");
        assertThat(store.head()).isEqualTo(new AuditStore.Head(second.sequence(), second.hash()));
        assertThat(store.oldestFirst(AuditFilter.ALL, second.sequence() - 1, second.sequence(), 1))
                .containsExactly(second);
        assertThat(jdbc.sql("SELECT actor_roles FROM audit_events WHERE id = ?").param(second.id()).query(String.class)
                .single()).isEqualTo("admin,support");
    }

    @Test
    void secretsAreMaskedEvenWhenTheCallerForgot() {
        AuditEvent e = trail.append(entry("alice", "POST /v1/operators", "bob",
                "{\"username\":\"bob\",\"password\":\"hunter2\",\"totpSecret\":\"JBSWY3DP\"}"));
        String stored = jdbc.sql("SELECT request_body FROM audit_events WHERE id = ?").param(e.id()).query(String.class).single();
        assertThat(stored).isEqualTo("{\"username\":\"bob\",\"password\":\"***\",\"totpSecret\":\"***\"}")
                .isEqualTo(e.requestBody());
    }

    @Test
    void theTimeIsKeptToTheMicrosecondAndCoveredByTheHash() {
        AuditEvent e = trail.append(new AuditEntry(Instant.parse("2026-03-05T13:00:00.123456789Z"), "alice", List.of(),
                "operator.created", "bob", null, "created", null, null));
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-05T13:00:00.123456Z"));
        assertThat(store.oldestFirst(AuditFilter.ALL, e.sequence() - 1, e.sequence(), 1).get(0).occurredAt())
                .isEqualTo(e.occurredAt());
    }

    @Test
    void aRefusedEntryTakesNoSequenceNumber() {
        long before = store.head().sequence();
        assertThatThrownBy(() -> trail.append(entry("alice", "POST /x", null, "not json")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("requestBody"));
        assertThatThrownBy(() -> trail.append(new AuditEntry(Instant.now().plusSeconds(3600), "alice", List.of(), "x",
                null, null, "200", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("occurredAt"));
        assertThat(trail.append(entry("alice", "POST /x", null, null)).sequence()).isEqualTo(before + 1);
    }

    @Test
    void entriesOutsideTheColumnsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> entry("a".repeat(101), "x", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("actor"));
        assertThatThrownBy(() -> entry("alice\nFAKE LOG LINE", "x", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("actor"));
        assertThatThrownBy(() -> new AuditEntry(null, "alice", List.of("admin,treasury"), "x", null, null, "200", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("actorRoles"));
        assertThatThrownBy(() -> new AuditEntry(null, "alice", List.of(), "x", null, null, " ", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("outcome"));
    }

    @Test
    void anExportSeesEveryMatchOncePageByPageOldestFirst() {
        String actor = "export-" + System.nanoTime();
        List<AuditEvent> appended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appended.add(trail.append(entry(actor, "GET /v1/merchants/{id}", "mer_" + i, null)));
            trail.append(entry("someone-else", "GET /v1/merchants/{id}", "mer_" + i, null));
        }
        List<List<AuditEvent>> pages = new ArrayList<>();
        trail.export(new AuditFilter(null, null, actor, null), 2, pages::add);
        assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(appended);
    }

    /** Several replicas append through one head row: many threads stand in for them here. */
    @Test
    void concurrentAppendsFormOneGaplessChain() throws Exception {
        int threads = 8;
        int each = 25;
        long start = store.head().sequence();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<AuditEvent> appended = new ConcurrentLinkedQueue<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String actor = "thread-" + t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        appended.add(trail.append(entry(actor, "POST /v1/accounts/{id}/deposits", "acc_" + i,
                                "{\"amount\":" + i + "}")));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(TestTimes.scaledMillis(120_000), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditEvent> chain = appended.stream().sorted(Comparator.comparingLong(AuditEvent::sequence)).toList();
        assertThat(chain).extracting(AuditEvent::sequence)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(start + 1, start + threads * each).boxed().toList());
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).as("prev_hash of seq %s", chain.get(i).sequence())
                    .isEqualTo(chain.get(i - 1).hash());
        }
        assertThat(store.head()).isEqualTo(new AuditStore.Head(start + threads * each, chain.get(chain.size() - 1).hash()));
        assertThat(verifier.verify().broken()).isNull();
    }
}

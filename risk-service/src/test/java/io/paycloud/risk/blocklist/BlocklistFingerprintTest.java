package io.paycloud.risk.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.risk.support.RiskIntegrationTest;

/**
 * The fingerprint that tells a replica its copy of the block list is stale: it changes with every
 * entry added or removed. Each test empties the shared table inside its own transaction, rolled back
 * at its end, so the other tests' entries come back.
 */
@Transactional
class BlocklistFingerprintTest extends RiskIntegrationTest {

    @Autowired
    BlocklistRepository repository;

    @BeforeEach
    void emptyTheList() {
        repository.deleteAllInBatch();
    }

    @Test
    void anEmptyListHasNoEntriesAndNoNewestId() {
        assertThat(repository.fingerprint()).isEqualTo(new Fingerprint(0, null));
    }

    @Test
    void eachAddAndDeleteChangesTheFingerprint() {
        List<Fingerprint> seen = new ArrayList<>();
        seen.add(repository.fingerprint());

        BlockEntry first = add(BlockType.CUSTOMER, Ids.newId("cus"));
        assertThat(repository.fingerprint()).isEqualTo(new Fingerprint(1, first.id()));
        seen.add(repository.fingerprint());

        BlockEntry second = add(BlockType.IP, "203.0.113.7");
        BlockEntry third = add(BlockType.EMAIL, "fraud@example.com");
        List<BlockEntry> added = List.of(first, second, third);
        BlockEntry newest = added.stream().max(Comparator.comparing(BlockEntry::id)).orElseThrow();
        BlockEntry oldest = added.stream().min(Comparator.comparing(BlockEntry::id)).orElseThrow();
        assertThat(repository.fingerprint()).isEqualTo(new Fingerprint(3, newest.id()));
        seen.add(repository.fingerprint());

        // removing an older entry leaves the newest id: the count alone tells
        assertThat(repository.deleteEntry(oldest.id())).isEqualTo(1);
        assertThat(repository.fingerprint()).isEqualTo(new Fingerprint(2, newest.id()));
        seen.add(repository.fingerprint());

        // the newest entry out and another in: the count as before, another newest id
        assertThat(repository.deleteEntry(newest.id())).isEqualTo(1);
        BlockEntry fourth = add(BlockType.DEVICE, "dev-" + Ids.newId("x"));
        BlockEntry remaining = added.stream().filter(e -> e != oldest && e != newest).findFirst().orElseThrow();
        String newestNow = fourth.id().compareTo(remaining.id()) > 0 ? fourth.id() : remaining.id();
        assertThat(repository.fingerprint()).isEqualTo(new Fingerprint(2, newestNow));
        seen.add(repository.fingerprint());

        assertThat(repository.deleteEntry(remaining.id())).isEqualTo(1);
        assertThat(repository.deleteEntry(fourth.id())).isEqualTo(1);
        assertThat(repository.fingerprint()).isEqualTo(new Fingerprint(0, null));

        assertThat(seen).doesNotHaveDuplicates();
    }

    private BlockEntry add(BlockType type, String value) {
        BlockEntry entry = new BlockEntry(Ids.newId("bl"), type, value, Times.now(clock));
        repository.insert(entry);
        return entry;
    }
}

package io.paycloud.risk.blocklist;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.paycloud.common.error.ApiException;
import io.paycloud.common.id.Ids;
import io.paycloud.common.time.Times;
import io.paycloud.risk.ListResponse;

/**
 * Block lists, held in memory for the assessment path (a lookup per value, no database call) and
 * re-read when this replica changes them or, on a schedule, when the table's fingerprint changed.
 */
@Service
public class BlocklistService {

    private static final Logger log = LoggerFactory.getLogger(BlocklistService.class);

    private final BlocklistRepository repository;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Fingerprint fingerprint, Map<String, BlockEntry> entries) {
    }

    BlocklistService(BlocklistRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        reload();
    }

    /**
     * The entries naming any of the given values (each may be null; the IP and email are normalized
     * here the way entries are).
     */
    public List<BlockEntry> matches(String customer, String ip, String device, String email) {
        Map<String, BlockEntry> entries = snapshot.entries();
        if (entries.isEmpty()) {
            return List.of();
        }
        List<BlockEntry> found = new ArrayList<>(1);
        add(found, entries, BlockType.CUSTOMER, customer);
        add(found, entries, BlockType.IP, ip);
        add(found, entries, BlockType.DEVICE, device);
        add(found, entries, BlockType.EMAIL, email);
        return found;
    }

    private static void add(List<BlockEntry> found, Map<String, BlockEntry> entries, BlockType type, String value) {
        if (value == null) {
            return;
        }
        BlockValues.normalize(type, value).map(v -> entries.get(key(type, v))).ifPresent(found::add);
    }

    @Scheduled(fixedDelayString = "${risk.cache-refresh-interval}", initialDelayString = "${risk.cache-refresh-interval}")
    void refresh() {
        try {
            if (!repository.fingerprint().equals(snapshot.fingerprint())) {
                reload();
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh the block list: {}", e.toString());
        }
    }

    /**
     * Reads and publishes the block list. Serialized, so a scheduled refresh that read the table
     * before a change cannot publish its older copy after the reload that follows the change.
     */
    private synchronized void reload() {
        Fingerprint fingerprint = repository.fingerprint();
        Map<String, BlockEntry> entries = new HashMap<>();
        for (BlockEntry e : repository.entries()) {
            entries.put(key(e.type(), e.value()), e);
        }
        snapshot = new Snapshot(fingerprint, Map.copyOf(entries));
    }

    private static String key(BlockType type, String value) {
        return type.wire() + ':' + value;
    }

    /** Adds an entry; adding one that exists answers the existing entry ({@code created} false). */
    Added add(BlockEntryRequest request) {
        BlockType type = BlockType.fromWire(request.type())
                .orElseThrow(() -> ApiException.invalid("type", "type must be one of customer, ip, device, email."));
        String value = BlockValues.normalize(type, request.value())
                .orElseThrow(() -> ApiException.invalid("value", "value is not a valid " + type.wire() + "."));
        var existing = repository.find(type, value);
        if (existing.isPresent()) {
            return new Added(existing.get(), false);
        }
        BlockEntry entry = new BlockEntry(Ids.newId("bl"), type, value, Times.now(clock));
        try {
            repository.insert(entry);
        } catch (DataIntegrityViolationException e) {
            // another request (or replica) added the same value meanwhile
            return new Added(repository.find(type, value).orElseThrow(() -> e), false);
        }
        log.info("Block list entry {} added: {}", entry.id(), type.wire());
        reload();
        return new Added(entry, true);
    }

    record Added(BlockEntry entry, boolean created) {
    }

    ListResponse<BlockEntry> list(Integer limit, String startingAfter) {
        int n = ListResponse.limit(limit);
        return ListResponse.of(repository.page(n + 1, startingAfter), n);
    }

    BlockEntry get(String id) {
        return repository.entry(id).orElseThrow(() -> ApiException.notFound("block list entry", id));
    }

    /** An approved removal ({@link BlocklistApprovedActions}). */
    void remove(String id) {
        if (repository.deleteEntry(id) != 1) {
            throw ApiException.notFound("block list entry", id);
        }
        log.info("Block list entry {} removed on approval", id);
        reload();
    }
}

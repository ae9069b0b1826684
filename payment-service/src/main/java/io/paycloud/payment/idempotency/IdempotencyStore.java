package io.paycloud.payment.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.paycloud.common.crypto.FieldCipher;
import io.paycloud.common.error.ApiException;
import io.paycloud.common.error.ErrorCode;
import io.paycloud.common.time.Times;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency records in the payments database: the database decides, so two replicas receiving the
 * same key at once agree on which one runs the request. A record is written either around the request
 * ({@link #begin}, then {@link #complete}) or inside the handler's own transactions ({@link #record}),
 * which saves a keyed payment two commits. A stored answer is sealed ({@link FieldCipher}, the scope and
 * key as associated data): the answer to a new webhook endpoint carries its signing secret.
 */
@Component
public class IdempotencyStore {

    /** How long a record is kept: at least the 24 h DESIGN.md promises. */
    static final Duration RETENTION = Duration.ofHours(24);

    sealed interface Begin {
    }

    /** Run the request; {@code recorded}: its record is already in flight (else nothing is stored yet). */
    record Proceed(boolean recorded) implements Begin {
    }

    record Replay(int status, String body) implements Begin {
    }

    record Mismatch() implements Begin {
    }

    record InFlight() implements Begin {
    }

    /** A record as stored: {@code body} still sealed, opened only for a replay. */
    private record Row(String hash, String state, Integer status, String body, Instant lockedUntil) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FieldCipher cipher;
    private final Duration lease;

    IdempotencyStore(JdbcClient jdbc, JsonMapper json, FieldCipher cipher, @org.springframework.beans.factory.annotation.Value(
            "${paycloud.idempotency.lease:60s}") Duration lease) {
        this.jdbc = jdbc;
        this.json = json;
        this.cipher = cipher;
        this.lease = lease;
    }

    /** What a stored answer is bound to: another record's sealed answer does not open here. */
    public static String associatedData(String scope, String key) {
        return scope + "\n" + key;
    }

    Begin begin(String scope, String key, String hash) {
        Instant now = Times.now();
        try {
            insert(scope, key, hash, 0, null, now);
            return new Proceed(true);
        } catch (DuplicateKeyException e) {
            Optional<Row> row = find(scope, key);
            if (row.isEmpty()) {
                // expired and deleted between our insert and read: try once more
                return begin(scope, key, hash);
            }
            return decide(row.get(), scope, key, hash, now);
        }
    }

    /**
     * Like {@link #begin}, but stores nothing for a key not seen before: the handler records it in its
     * own first transaction ({@link #record}), where a concurrent request under the same key meets it.
     * A record another run left in flight past its lease is taken over, as in {@link #begin}.
     */
    Begin lookup(String scope, String key, String hash) {
        Optional<Row> row = find(scope, key);
        return row.isEmpty() ? new Proceed(false) : decide(row.get(), scope, key, hash, Times.now());
    }

    /**
     * The answer for a request that met a concurrent request's record of the same key in its first write
     * ({@link #record} threw): 422 when that request was another one, else 409, retry shortly (by then
     * the retry replays the first request's answer). Reads only.
     */
    public ApiException lostRace(IdempotencyClaim claim) {
        // either way the key is the other request's: this answer is not stored under it
        claim.unsettled();
        boolean other = find(claim.scope(), claim.key()).map(r -> !r.hash().equals(claim.hash())).orElse(false);
        return other
                ? reused()
                : new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_USE, IdempotencyFilter.HEADER,
                        IdempotencyFilter.IN_USE);
    }

    /**
     * The answer for a keyed request that differs from the earlier request its key was first used for, found
     * by the handler (the key's record was forgotten; the object that request made remembers the key): 422,
     * not stored, so the earlier request sent again still carries on with its object.
     */
    public ApiException reused(IdempotencyClaim claim) {
        claim.unsettled();
        return reused();
    }

    private static ApiException reused() {
        return new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, IdempotencyFilter.HEADER, IdempotencyFilter.REUSED);
    }

    private Begin decide(Row r, String scope, String key, String hash, Instant now) {
        if (!r.hash().equals(hash)) {
            return new Mismatch();
        }
        if ("done".equals(r.state())) {
            return new Replay(r.status(), opened(scope, key, r.body()));
        }
        if (r.lockedUntil().isAfter(now)) {
            return new InFlight();
        }
        // the request that held the key died mid-way; every step it took is safe to repeat
        int taken = jdbc.sql("""
                UPDATE idempotency_record SET locked_until = ? WHERE merchant_id = ? AND idempotency_key = ?
                  AND state = 'in_flight' AND locked_until = ?""")
                .params(Times.db(now.plus(lease)), scope, key, Times.db(r.lockedUntil()))
                .update();
        return taken == 1 ? new Proceed(true) : new InFlight();
    }

    /**
     * Writes the claim's record inside the caller's transaction: in flight when {@code answer} is null
     * (the handler's first write), else done with the answer (its last write; both when it writes once).
     * A concurrent request that recorded the same key first makes this throw {@link DuplicateKeyException},
     * which rolls the caller's transaction back. The claim learns what was stored once the transaction
     * commits, so the filter writes only what the handler did not.
     */
    public void record(IdempotencyClaim claim, IdempotencyClaim.Answer answer) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("an idempotency record joins the handler's transaction");
        }
        String body = answer == null ? null : json.writeValueAsString(answer.body());
        int status = answer == null ? 0 : answer.status();
        if (claim.recorded()) {
            if (body != null) {
                complete(claim.scope(), claim.key(), status, body);
            }
        } else {
            insert(claim.scope(), claim.key(), claim.hash(), status, body, Times.now());
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                claim.committed(status, body);
            }
        });
    }

    /** Stores the answer of a request whose handler recorded nothing; a record made meanwhile is kept. */
    void store(IdempotencyClaim claim, int status, String body) {
        if (claim.recorded()) {
            complete(claim.scope(), claim.key(), status, body);
            return;
        }
        try {
            insert(claim.scope(), claim.key(), claim.hash(), status, body, Times.now());
        } catch (DuplicateKeyException e) {
            // a concurrent request under the same key recorded first: its record stands
        }
    }

    /**
     * A new record: in flight for the lease when {@code body} is null, else done with the answer. Throws
     * {@link DuplicateKeyException} when the key is taken.
     */
    private void insert(String scope, String key, String hash, int status, String body, Instant now) {
        jdbc.sql("""
                INSERT INTO idempotency_record (merchant_id, idempotency_key, request_hash, state, response_status,
                  response_body, locked_until, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(scope, key, hash, body == null ? "in_flight" : "done", body == null ? null : status,
                        sealed(scope, key, body), Times.db(body == null ? now.plus(lease) : now), Times.db(now), Times.db(now.plus(RETENTION)))
                .update();
    }

    void complete(String scope, String key, int status, String body) {
        jdbc.sql("""
                UPDATE idempotency_record SET state = 'done', response_status = ?, response_body = ?
                WHERE merchant_id = ? AND idempotency_key = ?""")
                .params(status, sealed(scope, key, body), scope, key)
                .update();
    }

    private String sealed(String scope, String key, String body) {
        return body == null ? null : cipher.seal(body, associatedData(scope, key));
    }

    /**
     * The answer as it was given. One stored plain was written by a replica of the version before answers
     * were sealed (a rolling upgrade); it expires within {@link #RETENTION}.
     */
    private String opened(String scope, String key, String stored) {
        return stored == null || !FieldCipher.isSealed(stored) ? stored : cipher.open(stored, associatedData(scope, key));
    }

    /** Forgets a key whose request failed on our side, so the client's retry runs it again. */
    void abandon(String scope, String key) {
        jdbc.sql("DELETE FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ? AND state = 'in_flight'")
                .params(scope, key)
                .update();
    }

    int expire(Instant now) {
        return jdbc.sql("DELETE FROM idempotency_record WHERE expires_at < ?").param(Times.db(now)).update();
    }

    private Optional<Row> find(String scope, String key) {
        return jdbc.sql("""
                SELECT request_hash, state, response_status, response_body, locked_until FROM idempotency_record
                WHERE merchant_id = ? AND idempotency_key = ?""")
                .params(scope, key)
                .query((rs, n) -> {
                    int status = rs.getInt("response_status");
                    Integer s = rs.wasNull() ? null : status;
                    return new Row(rs.getString("request_hash"), rs.getString("state"), s,
                            rs.getString("response_body"), Times.read(rs, "locked_until"));
                })
                .optional();
    }
}

package io.paycloud.payment.idempotency;

/**
 * One keyed request's hold on its {@code Idempotency-Key}, made by {@link IdempotencyFilter} and handed
 * to the handler as the request attribute {@link #ATTRIBUTE}. A handler that writes in its own
 * transactions (a payment's creation) records the key with its first write and the answer with its
 * last, through {@link IdempotencyStore#record}; the filter then has nothing left to write. Where the
 * handler records nothing, the filter keeps the record itself, as for every other POST.
 */
public final class IdempotencyClaim {

    /** The request attribute under which the filter hands the claim to a handler that joins it. */
    public static final String ATTRIBUTE = "io.paycloud.payment.idempotency.IdempotencyClaim";

    /** What the handler answers when its last write succeeds: the status and the body's value. */
    public record Answer(int status, Object body) {
    }

    private final String scope;
    private final String key;
    private final String hash;
    private final boolean takenOver;
    private volatile boolean recorded;
    private volatile boolean unsettled;
    private volatile int storedStatus;
    private volatile String storedBody;

    IdempotencyClaim(String scope, String key, String hash, boolean recorded) {
        this.scope = scope;
        this.key = key;
        this.hash = hash;
        this.takenOver = recorded;
        this.recorded = recorded;
    }

    public String key() {
        return key;
    }

    /**
     * For a request whose handler records its key: the key's record was already in flight when this run
     * began, left past its lease by an earlier run of the same request, which therefore committed its
     * first write (that is what made the record) and died before its last.
     */
    public boolean takenOver() {
        return takenOver;
    }

    String scope() {
        return scope;
    }

    String hash() {
        return hash;
    }

    /** The record exists (in flight or done): the filter's request inserted it, or the handler's committed write. */
    boolean recorded() {
        return recorded;
    }

    void committed(int status, String body) {
        recorded = true;
        if (body != null) {
            storedStatus = status;
            storedBody = body;
        }
    }

    /** The handler's last write stored exactly this answer, so the filter need not store it again. */
    boolean stored(int status, String body) {
        return storedBody != null && storedStatus == status && storedBody.equals(body);
    }

    /**
     * This run's answer is not the key's to keep: the key is another run's (a concurrent one still at
     * work, or an earlier one whose record was forgotten), so the filter stores nothing and the client's
     * next try meets that run's outcome.
     */
    void unsettled() {
        unsettled = true;
    }

    boolean isUnsettled() {
        return unsettled;
    }

    /** The handler's last write stored an answer (whatever the client got afterwards). */
    boolean answered() {
        return storedBody != null;
    }
}

-- The operator audit trail: append-only and hash-chained (io.paycloud.account.audit).
-- seq is given by the appender (1, 2, 3 … without gaps), never by AUTO_INCREMENT, which leaves gaps
-- on rollback. hash = SHA-256 over prev_hash and every other column (AuditHash has the encoding);
-- prev_hash is the hash of the row before, 64 zeros for seq 1.
-- occurred_at is DATETIME(6) holding UTC, as in V1: a TIMESTAMP column would pass every value
-- through the session time zone (and stop in 2038), and a hashed value must read back exactly.
CREATE TABLE audit_events (
    seq             BIGINT       NOT NULL PRIMARY KEY,
    id              VARCHAR(40)  NOT NULL,
    occurred_at     DATETIME(6)  NOT NULL,
    actor           VARCHAR(100) NOT NULL,
    -- sorted, comma-separated; empty for an actor without roles (a service)
    actor_roles     VARCHAR(500) NOT NULL,
    action          VARCHAR(200) NOT NULL,
    object_id       VARCHAR(100) NULL,
    -- JSON with secret-looking fields masked; at most 16,000 characters, so it fits TEXT in utf8mb4
    request_body    TEXT         NULL,
    outcome         VARCHAR(40)  NOT NULL,
    request_id      VARCHAR(100) NULL,
    client_address  VARCHAR(64)  NULL,
    prev_hash       CHAR(64)     NOT NULL,
    hash            CHAR(64)     NOT NULL,
    CONSTRAINT uk_audit_events_id UNIQUE (id)
);
CREATE INDEX ix_audit_events_actor ON audit_events (actor, seq);
CREATE INDEX ix_audit_events_object ON audit_events (object_id, seq);
CREATE INDEX ix_audit_events_time ON audit_events (occurred_at, seq);

-- The end of the chain, one row. Every append locks it (SELECT … FOR UPDATE) in the transaction that
-- inserts the next event and moves it, so appends from any number of replicas form one chain.
CREATE TABLE audit_chain_head (
    id    INT      NOT NULL PRIMARY KEY,
    seq   BIGINT   NOT NULL,
    hash  CHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

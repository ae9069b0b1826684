-- Four-eyes: an action that creates money or weakens a control is stored here, with its full request,
-- until a second operator holding the required role approves or rejects it; it expires otherwise.
CREATE TABLE approval (
    id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    action         VARCHAR(40)  NOT NULL,
    object_id      VARCHAR(80)  NOT NULL,
    body           TEXT         NOT NULL,
    maker          VARCHAR(64)  NOT NULL,
    required_role  VARCHAR(20)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    checker        VARCHAR(64)  NULL,
    result         TEXT         NULL,
    created_at     DATETIME(6)  NOT NULL,
    expires_at     DATETIME(6)  NOT NULL,
    decided_at     DATETIME(6)  NULL,
    -- a retried request (same action, object and Idempotency-Key) finds the approval it made
    request_key    CHAR(64)     NULL,
    CONSTRAINT uk_approval_request UNIQUE (request_key)
);
CREATE INDEX ix_approval_status ON approval (status, created_at);

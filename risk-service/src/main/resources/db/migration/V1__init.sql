-- risk-service schema. Portable between MySQL 8, MariaDB 10.11+ and H2 in MySQL mode:
-- no JSON column type (params and reasons are JSON text), indexes created outside CREATE TABLE.

CREATE TABLE risk_rules (
    id          VARCHAR(40)   NOT NULL,
    name        VARCHAR(200)  NOT NULL,
    rule_type   VARCHAR(20)   NOT NULL,
    rule_action VARCHAR(10)   NOT NULL,
    params      VARCHAR(2000) NOT NULL,
    enabled     BOOLEAN       NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE risk_blocklist (
    id          VARCHAR(40)  NOT NULL,
    entry_type  VARCHAR(10)  NOT NULL,
    entry_value VARCHAR(320) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_risk_blocklist_entry UNIQUE (entry_type, entry_value)
);

-- One row per assessment, written by a single INSERT: the inputs, the decision and its reasons.
CREATE TABLE risk_assessments (
    id           VARCHAR(40)  NOT NULL,
    payment_id   VARCHAR(64),
    merchant_id  VARCHAR(64)  NOT NULL,
    customer_id  VARCHAR(64)  NOT NULL,
    amount       BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    kyc_level    VARCHAR(16)  NOT NULL,
    email        VARCHAR(320),
    client_ip    VARCHAR(64),
    device_id    VARCHAR(200),
    decision     VARCHAR(10)  NOT NULL,
    score        INT          NOT NULL,
    failure_code VARCHAR(32),
    reasons      TEXT         NOT NULL,
    created_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (id)
);

CREATE INDEX ix_risk_assessments_payment ON risk_assessments (payment_id);
CREATE INDEX ix_risk_assessments_customer ON risk_assessments (customer_id, created_at);

-- Outcomes of payments, one per payment: the idempotency record for POST /internal/outcomes.
CREATE TABLE risk_outcomes (
    payment_id  VARCHAR(64) NOT NULL,
    customer_id VARCHAR(64) NOT NULL,
    amount      BIGINT      NOT NULL,
    currency    CHAR(3)     NOT NULL,
    status      VARCHAR(20) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (payment_id)
);

-- Moments of each customer's completed payments per currency: count, sum and sum of squares, kept
-- exactly (DECIMAL) so the mean and variance are exact and an outcome is one guarded UPDATE.
CREATE TABLE risk_customer_stats (
    customer_id       VARCHAR(64)    NOT NULL,
    currency          CHAR(3)        NOT NULL,
    payment_count     BIGINT         NOT NULL,
    amount_sum        DECIMAL(38, 0) NOT NULL,
    amount_square_sum DECIMAL(38, 0) NOT NULL,
    updated_at        DATETIME(6)    NOT NULL,
    PRIMARY KEY (customer_id, currency)
);

-- analytics-service schema. Runs unchanged on MySQL 8, MariaDB 10.11+ and H2 (MySQL mode):
-- amounts are BIGINT minor units, ids VARCHAR, times DATETIME(6) holding UTC.

-- Where the consumer of payment-service's event feed stands. The row is locked FOR UPDATE by every
-- batch, so the events it applies and the position it advances to commit together; the lease only
-- keeps other replicas from fetching the same pages in vain.
CREATE TABLE feed_cursor (
    name           VARCHAR(40)   NOT NULL PRIMARY KEY,
    last_sequence  BIGINT        NOT NULL,
    last_event_at  DATETIME(6)   NULL,
    lease_owner    VARCHAR(200)  NULL,
    lease_until    DATETIME(6)   NULL,
    updated_at     DATETIME(6)   NOT NULL
);
INSERT INTO feed_cursor (name, last_sequence, updated_at) VALUES ('payment-events', 0, '1970-01-01 00:00:00');

-- Every event applied, so a replayed or duplicated event (even after the cursor was moved back) changes nothing.
CREATE TABLE processed_event (
    event_id        VARCHAR(40)  NOT NULL PRIMARY KEY,
    event_sequence  BIGINT       NOT NULL,
    type            VARCHAR(40)  NOT NULL,
    applied_at      DATETIME(6)  NOT NULL
);

-- The latest known state of each payment, as far as the aggregates need it (refund fee reversals, risk counted once).
CREATE TABLE payment_fact (
    payment_id       VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id      VARCHAR(40)  NOT NULL,
    currency         CHAR(3)      NOT NULL,
    amount           BIGINT       NOT NULL,
    status           VARCHAR(32)  NOT NULL,
    object_sequence  INT          NOT NULL,
    amount_captured  BIGINT       NOT NULL DEFAULT 0,
    fee              BIGINT       NOT NULL DEFAULT 0,
    amount_refunded  BIGINT       NOT NULL DEFAULT 0,
    fee_reversed     BIGINT       NOT NULL DEFAULT 0,
    risk_decision    VARCHAR(16)  NULL,
    failure_code     VARCHAR(40)  NULL,
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL
);

-- Aggregates per merchant, currency and hour (the hour the event happened in, UTC).
CREATE TABLE hourly_stats (
    merchant_id              VARCHAR(40)  NOT NULL,
    currency                 CHAR(3)      NOT NULL,
    hour_start               DATETIME(6)  NOT NULL,
    created_count            BIGINT       NOT NULL DEFAULT 0,
    requires_review_count    BIGINT       NOT NULL DEFAULT 0,
    requires_capture_count   BIGINT       NOT NULL DEFAULT 0,
    succeeded_count          BIGINT       NOT NULL DEFAULT 0,
    failed_count             BIGINT       NOT NULL DEFAULT 0,
    canceled_count           BIGINT       NOT NULL DEFAULT 0,
    gross_amount             BIGINT       NOT NULL DEFAULT 0,
    fee_amount               BIGINT       NOT NULL DEFAULT 0,
    refund_count             BIGINT       NOT NULL DEFAULT 0,
    refund_failed_count      BIGINT       NOT NULL DEFAULT 0,
    refunded_amount          BIGINT       NOT NULL DEFAULT 0,
    fee_reversed_amount      BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant_id, currency, hour_start)
);
CREATE INDEX ix_hourly_stats_hour ON hourly_stats (hour_start);

-- Counts by a label per merchant, currency and hour: dimension 'decline' (failure codes) or 'risk' (decisions).
CREATE TABLE hourly_breakdown (
    merchant_id  VARCHAR(40)  NOT NULL,
    currency     CHAR(3)      NOT NULL,
    hour_start   DATETIME(6)  NOT NULL,
    dimension    VARCHAR(16)  NOT NULL,
    label        VARCHAR(40)  NOT NULL,
    item_count   BIGINT       NOT NULL,
    PRIMARY KEY (merchant_id, currency, hour_start, dimension, label)
);
CREATE INDEX ix_hourly_breakdown_hour ON hourly_breakdown (hour_start);

-- The ledger transfers the events say must exist (money that moved), by payment-service's deterministic ids,
-- for the daily reconciliation against account-service.
CREATE TABLE ledger_expectation (
    transfer_id  VARCHAR(60)  NOT NULL PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,
    merchant_id  VARCHAR(40)  NOT NULL,
    currency     CHAR(3)      NOT NULL,
    amount       BIGINT       NOT NULL,
    payment_id   VARCHAR(40)  NOT NULL,
    refund_id    VARCHAR(40)  NULL,
    event_id     VARCHAR(40)  NOT NULL,
    occurred_at  DATETIME(6)  NOT NULL
);
CREATE INDEX ix_ledger_expectation_time ON ledger_expectation (occurred_at);

-- payment-service schema. Runs unchanged on MySQL 8, MariaDB 10.11+ and H2 (MySQL mode):
-- amounts are BIGINT minor units, ids VARCHAR, times DATETIME(6) holding UTC.

CREATE TABLE payment (
    id                  VARCHAR(40)   NOT NULL PRIMARY KEY,
    merchant_id         VARCHAR(40)   NOT NULL,
    customer_id         VARCHAR(40)   NOT NULL,
    payer_account_id    VARCHAR(40)   NOT NULL,
    merchant_account_id VARCHAR(40)   NOT NULL,
    fee_account_id      VARCHAR(40)   NOT NULL,
    fee_bps             INT           NOT NULL,
    amount              BIGINT        NOT NULL,
    currency            CHAR(3)       NOT NULL,
    status              VARCHAR(32)   NOT NULL,
    capture_method      VARCHAR(16)   NOT NULL,
    amount_capturable   BIGINT        NOT NULL DEFAULT 0,
    amount_captured     BIGINT        NOT NULL DEFAULT 0,
    amount_refunded     BIGINT        NOT NULL DEFAULT 0,
    -- fee given back by refunds so far, so the last refund returns exactly what is left of the fee
    fee_refunded        BIGINT        NOT NULL DEFAULT 0,
    fee                 BIGINT        NOT NULL DEFAULT 0,
    -- what a capture in progress asks for, so the janitor can finish it after a crash
    capture_amount      BIGINT        NULL,
    description         VARCHAR(1000) NULL,
    metadata            TEXT          NULL,
    failure_code        VARCHAR(40)   NULL,
    failure_message     VARCHAR(500)  NULL,
    risk_decision       VARCHAR(16)   NULL,
    risk_assessment_id  VARCHAR(40)   NULL,
    kyc_level           VARCHAR(16)   NULL,
    customer_email      VARCHAR(254)  NULL,
    client_ip           VARCHAR(64)   NULL,
    device_id           VARCHAR(200)  NULL,
    -- every state change bumps version; events carry it as their per-payment sequence
    version             INT           NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    updated_at          DATETIME(6)   NOT NULL
);
CREATE INDEX ix_payment_merchant ON payment (merchant_id, id);
CREATE INDEX ix_payment_status ON payment (status, updated_at);

CREATE TABLE refund (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    payment_id    VARCHAR(40)  NOT NULL,
    merchant_id   VARCHAR(40)  NOT NULL,
    amount        BIGINT       NOT NULL,
    fee_reversed  BIGINT       NOT NULL,
    currency      CHAR(3)      NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    reason        VARCHAR(32)  NULL,
    failure_code  VARCHAR(40)  NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL
);
CREATE INDEX ix_refund_payment ON refund (payment_id, id);
CREATE INDEX ix_refund_merchant ON refund (merchant_id, id);
CREATE INDEX ix_refund_status ON refund (status, updated_at);

-- Transactional outbox: written in the same transaction as the change it describes.
CREATE TABLE event (
    sequence         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    id               VARCHAR(40) NOT NULL,
    merchant_id      VARCHAR(40) NOT NULL,
    type             VARCHAR(40) NOT NULL,
    object_id        VARCHAR(40) NOT NULL,
    object_sequence  INT         NOT NULL,
    data             TEXT        NOT NULL,
    created_at       DATETIME(6) NOT NULL,
    CONSTRAINT uk_event_id UNIQUE (id),
    CONSTRAINT uk_event_object UNIQUE (object_id, object_sequence)
);
CREATE INDEX ix_event_merchant ON event (merchant_id, sequence);

-- Idempotency-Key records, per merchant. request_hash is SHA-256 of method, path and body.
CREATE TABLE idempotency_record (
    -- who the key belongs to: "merchant:<id>" or "ops:<user>"
    merchant_id      VARCHAR(80)  NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    request_hash     CHAR(64)     NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    response_status  INT          NULL,
    response_body    TEXT         NULL,
    locked_until     DATETIME(6)  NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    expires_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (merchant_id, idempotency_key)
);
CREATE INDEX ix_idempotency_expiry ON idempotency_record (expires_at);

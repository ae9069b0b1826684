-- Webhook endpoints and their deliveries. The signing secret must be kept to sign; it is never
-- returned after creation and never logged.
CREATE TABLE webhook_endpoint (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    merchant_id     VARCHAR(40)   NOT NULL,
    url             VARCHAR(2048) NOT NULL,
    enabled_events  VARCHAR(1000) NOT NULL,
    secret          VARCHAR(100)  NOT NULL,
    deleted         SMALLINT      NOT NULL DEFAULT 0,
    created_at      DATETIME(6)   NOT NULL
);
CREATE INDEX ix_webhook_endpoint_merchant ON webhook_endpoint (merchant_id, id);

-- One delivery per (endpoint, event); attempts are logged beside it.
CREATE TABLE webhook_delivery (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    endpoint_id      VARCHAR(40)  NOT NULL,
    event_id         VARCHAR(40)  NOT NULL,
    event_sequence   BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(6)  NULL,
    created_at       DATETIME(6)  NOT NULL,
    CONSTRAINT uk_webhook_delivery UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);

CREATE TABLE webhook_attempt (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    delivery_id   VARCHAR(40)  NOT NULL,
    endpoint_id   VARCHAR(40)  NOT NULL,
    event_id      VARCHAR(40)  NOT NULL,
    attempt       INT          NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    http_status   INT          NULL,
    duration_ms   BIGINT       NOT NULL,
    next_attempt_at DATETIME(6) NULL,
    created_at    DATETIME(6)  NOT NULL
);
CREATE INDEX ix_webhook_attempt_endpoint ON webhook_attempt (endpoint_id, id);

-- How far the relay has turned events into deliveries; one row, claimed FOR UPDATE by one replica at a time.
CREATE TABLE webhook_relay_cursor (
    id          INT     NOT NULL PRIMARY KEY,
    last_seq    BIGINT  NOT NULL
);
INSERT INTO webhook_relay_cursor (id, last_seq) VALUES (1, 0);

-- account-service schema. Runs unchanged on MySQL 8, MariaDB 10.11+ and H2 (MySQL mode):
-- amounts are BIGINT minor units, ids VARCHAR, times DATETIME(6) holding UTC.

CREATE TABLE merchant (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    fee_bps     INT          NOT NULL,
    created_at  DATETIME(6)  NOT NULL
);

-- Only the SHA-256 of a secret key is kept; the key itself is shown once, at creation.
CREATE TABLE api_key (
    id           VARCHAR(40) NOT NULL PRIMARY KEY,
    merchant_id  VARCHAR(40) NOT NULL,
    key_hash     CHAR(64)    NOT NULL,
    last4        CHAR(4)     NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    expires_at   DATETIME(6) NULL,
    CONSTRAINT uk_api_key_hash UNIQUE (key_hash)
);
CREATE INDEX ix_api_key_merchant ON api_key (merchant_id);

CREATE TABLE customer (
    id                VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id       VARCHAR(40)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    email             VARCHAR(254) NULL,
    currency          CHAR(3)      NOT NULL,
    account_id        VARCHAR(40)  NOT NULL,
    kyc_level         VARCHAR(16)  NOT NULL,
    -- real-name record: the id number only as AES-GCM ciphertext and a mask for display
    kyc_full_name     VARCHAR(200) NULL,
    kyc_id_number_enc VARCHAR(200) NULL,
    kyc_id_masked     VARCHAR(32)  NULL,
    kyc_verified_at   DATETIME(6)  NULL,
    created_at        DATETIME(6)  NOT NULL
);
CREATE INDEX ix_customer_merchant ON customer (merchant_id, id);

-- The ledger, modelled on TigerBeetle. Balances change only through guarded UPDATEs.
-- limit_debits:  debits_pending + debits_posted  must not exceed credits_posted (wallets, merchants)
-- limit_credits: credits_pending + credits_posted must not exceed debits_posted (funding)
CREATE TABLE account (
    id               VARCHAR(40) NOT NULL PRIMARY KEY,
    currency         CHAR(3)     NOT NULL,
    type             VARCHAR(16) NOT NULL,
    merchant_id      VARCHAR(40) NULL,
    owner_id         VARCHAR(40) NULL,
    system_code      VARCHAR(24) NULL,
    limit_debits     SMALLINT    NOT NULL,
    limit_credits    SMALLINT    NOT NULL,
    debits_pending   BIGINT      NOT NULL DEFAULT 0,
    debits_posted    BIGINT      NOT NULL DEFAULT 0,
    credits_pending  BIGINT      NOT NULL DEFAULT 0,
    credits_posted   BIGINT      NOT NULL DEFAULT 0,
    created_at       DATETIME(6) NOT NULL,
    -- one funding/fees/settlement account per currency, even when several replicas start at once
    CONSTRAINT uk_account_system UNIQUE (system_code)
);
CREATE INDEX ix_account_owner ON account (owner_id);

-- seq orders statements (transfer ids are chosen by callers and carry no order).
CREATE TABLE transfer (
    seq                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    id                 VARCHAR(100) NOT NULL,
    kind               VARCHAR(16)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    debit_account_id   VARCHAR(40)  NOT NULL,
    credit_account_id  VARCHAR(40)  NOT NULL,
    amount             BIGINT       NOT NULL,
    currency           CHAR(3)      NOT NULL,
    pending_id         VARCHAR(100) NULL,
    timeout_seconds    INT          NULL,
    expires_at         DATETIME(6)  NULL,
    created_at         DATETIME(6)  NOT NULL,
    CONSTRAINT uk_transfer_id UNIQUE (id)
);
CREATE INDEX ix_transfer_debit ON transfer (debit_account_id, seq);
CREATE INDEX ix_transfer_credit ON transfer (credit_account_id, seq);
CREATE INDEX ix_transfer_expiry ON transfer (status, expires_at);

-- Four-eyes actions carried out here after a second operator approved them in account-service, one row
-- per approval id, written in the transaction that makes the change: account-service may send an
-- approval again (after a timeout) and gets the first result instead of a second change.
CREATE TABLE risk_approved_actions (
    approval_id VARCHAR(40)  NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    object_id   VARCHAR(80)  NOT NULL,
    maker       VARCHAR(64)  NOT NULL,
    checker     VARCHAR(64)  NOT NULL,
    result      TEXT,
    executed_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (approval_id)
);

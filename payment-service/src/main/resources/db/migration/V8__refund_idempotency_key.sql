-- A refund created under an Idempotency-Key remembers it, so a request run again after its first run
-- failed on our side or died (the key's record was forgotten, or its lease ran out) finds the refund that
-- run made instead of reserving and moving the money a second time.
ALTER TABLE refund ADD COLUMN idempotency_key VARCHAR(255) NULL;
CREATE UNIQUE INDEX uk_refund_idempotency ON refund (merchant_id, idempotency_key);

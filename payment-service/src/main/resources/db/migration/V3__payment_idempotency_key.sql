-- A payment created under an Idempotency-Key remembers it, so a request that is run again after a
-- crash (its key's lease expired) finds the payment the first run created instead of making another.
ALTER TABLE payment ADD COLUMN idempotency_key VARCHAR(255) NULL;
CREATE UNIQUE INDEX uk_payment_idempotency ON payment (merchant_id, idempotency_key);

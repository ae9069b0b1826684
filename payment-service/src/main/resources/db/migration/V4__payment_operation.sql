-- A payment in processing stores the operation it is doing and the status that operation began in,
-- so the janitor resumes exactly that operation (before, it was read from capture_amount and a
-- missing risk decision). capture_amount stays: the amount a capture in flight asks for.
ALTER TABLE payment ADD COLUMN operation VARCHAR(16) NULL;
ALTER TABLE payment ADD COLUMN operation_from VARCHAR(32) NULL;

UPDATE payment SET
  operation = CASE
    WHEN risk_decision IS NULL THEN 'assess'
    WHEN capture_amount = 0 THEN 'cancel'
    WHEN capture_method = 'automatic' THEN 'purchase'
    WHEN capture_amount IS NOT NULL THEN 'capture'
    ELSE 'authorize' END,
  operation_from = CASE
    WHEN capture_method = 'manual' AND capture_amount IS NOT NULL THEN 'requires_capture'
    WHEN risk_decision = 'review' THEN 'requires_review'
    ELSE 'requires_confirmation' END
WHERE status = 'processing';

-- Reconciliation reads one day of transfers at a time.
CREATE INDEX ix_transfer_created ON transfer (created_at, seq);

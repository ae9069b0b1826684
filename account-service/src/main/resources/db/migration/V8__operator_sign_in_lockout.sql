-- Failed browser sign-ins per operator (a wrong secret or one-time code): the tenth in a row locks the
-- operator's sign-in for 30 minutes (PCI DSS 8.3.4), a sign-in that succeeds starts the count again.
ALTER TABLE operator ADD COLUMN failed_sign_ins INT NOT NULL DEFAULT 0;
ALTER TABLE operator ADD COLUMN sign_in_locked_until DATETIME(6) NULL;
